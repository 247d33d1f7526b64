/**
 * The host side of a simulated node's serial port: what SOL (IPMI) or a Redfish/ssh console face shows.
 * Output goes to every listener and into a bounded history (so a console log can be tailed after the fact);
 * input is echoed like a terminal in cooked mode, with a CR answered by CR LF and a fresh prompt.
 */
import { EventEmitter } from 'node:events';

export interface SerialConsoleOptions {
  /** Bytes of output kept for late readers. */
  historyBytes?: number;
  /** Prompt printed after each input line once the node has booted. */
  prompt?: string;
}

export class SerialConsole extends EventEmitter {
  private history: Buffer[] = [];
  private historyLength = 0;
  private readonly historyBytes: number;
  private playback?: NodeJS.Timeout;
  private line = '';
  private lastWasCr = false;
  prompt: string;

  constructor(opts: SerialConsoleOptions = {}) {
    super();
    this.historyBytes = opts.historyBytes ?? 64 * 1024;
    this.prompt = opts.prompt ?? '';
  }

  /** Host output (as if the OS wrote to ttyS0). */
  emitOutput(data: string | Buffer): void {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (buf.length === 0) return;
    this.history.push(buf);
    this.historyLength += buf.length;
    while (this.historyLength > this.historyBytes && this.history.length > 1) {
      this.historyLength -= this.history.shift()!.length;
    }
    this.emit('data', buf);
  }

  /** Output so far (at most historyBytes). */
  tail(): Buffer {
    return Buffer.concat(this.history);
  }

  /** Console input (from SOL or another face): echoed back the way a login prompt / shell would. */
  write(input: Buffer | string): void {
    const buf = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
    let echo = '';
    for (const byte of buf) {
      if (byte === 0x0d || byte === 0x0a) {
        if (byte === 0x0a && this.lastWasCr) {
          this.lastWasCr = false;
          continue;
        }
        this.lastWasCr = byte === 0x0d;
        const line = this.line;
        this.line = '';
        echo += '\r\n';
        if (line.length > 0) this.emit('line', line);
        echo += this.prompt;
      } else {
        this.lastWasCr = false;
        if (byte === 0x7f || byte === 0x08) {
          if (this.line.length > 0) {
            this.line = this.line.slice(0, -1);
            echo += '\b \b';
          }
          continue;
        }
        this.line += String.fromCharCode(byte);
        echo += String.fromCharCode(byte);
      }
    }
    this.emitOutput(Buffer.from(echo, 'latin1'));
  }

  /** Play `lines` one every `intervalMs` (0 = all at once), replacing any playback in progress. */
  play(lines: readonly string[], intervalMs: number, done?: () => void): void {
    this.stopPlayback();
    if (intervalMs <= 0) {
      for (const l of lines) this.emitOutput(l);
      done?.();
      return;
    }
    let i = 0;
    const step = () => {
      if (i >= lines.length) {
        this.playback = undefined;
        done?.();
        return;
      }
      this.emitOutput(lines[i++]);
      this.playback = setTimeout(step, intervalMs);
      this.playback.unref();
    };
    step();
  }

  stopPlayback(): void {
    if (this.playback) clearTimeout(this.playback);
    this.playback = undefined;
  }
}
