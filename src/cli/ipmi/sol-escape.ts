/**
 * Escape sequences of an interactive SOL session, as ipmitool reads them (lib/ipmi_sol.c processSolUserInput):
 * the escape character counts only at the start of a line (after CR or LF, or first thing typed), so a `~` inside
 * a command goes to the host untouched.
 *   ~.  leave        ~?  list the escapes        ~~  send one ~
 * Any other character after the escape is sent with the escape in front of it.
 */
export type SolEscapeCommand = 'quit' | 'help';

export interface SolInput {
  /** Bytes for the BMC. */
  data: Buffer;
  commands: SolEscapeCommand[];
}

export class SolEscapeParser {
  private pending = false;
  private lineStart = true;
  private readonly esc: number;

  constructor(readonly escapeChar = '~') {
    this.esc = escapeChar.charCodeAt(0);
  }

  /** Split typed bytes into data for the BMC and escape commands; nothing after "quit" is processed. */
  feed(input: Buffer): SolInput {
    const out: number[] = [];
    const commands: SolEscapeCommand[] = [];
    for (const ch of input) {
      if (this.pending) {
        this.pending = false;
        if (ch === 0x2e /* . */) {
          commands.push('quit');
          break;
        }
        if (ch === 0x3f /* ? */) {
          commands.push('help');
          continue;
        }
        if (ch !== this.esc) out.push(this.esc);
        out.push(ch);
      } else if (this.lineStart && ch === this.esc) {
        this.pending = true;
        continue;
      } else out.push(ch);
      this.lineStart = ch === 0x0d || ch === 0x0a;
    }
    return { data: Buffer.from(out), commands };
  }

  help(): string {
    const e = this.escapeChar;
    return [`${e}?`, ' Supported escape sequences:', ` ${e}.  - terminate connection`, ` ${e}?  - this message`, ` ${e}${e}  - send the escape character by typing it twice`, ' (Note that escapes are only recognized immediately after newline.)', ''].join('\r\n');
  }
}
