import { IpmiSession, SolConsole } from '../../protocols/ipmi';
import { CliError, EXIT } from '../cli-error';
import { ipmiCliError } from './ipmi-cli-error';
import { SolEscapeParser } from './sol-escape';

/** The terminal an SOL session runs on (process.stdin/stdout in `hwctl`, streams in tests). */
export interface SolTerminal {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  output: NodeJS.WritableStream;
  /** Messages about the session itself ("[SOL Session operational …]"): stdout, as ipmitool prints them. */
  notice(text: string): void;
}

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

/**
 * `sol activate`: Activate Payload (§24.1), then console output to the terminal and keystrokes to the BMC until
 * `~.` (ipmitool's escape), the BMC deactivating SOL, or SIGTERM/SIGHUP. The terminal is put in raw mode so
 * Ctrl-C and friends reach the host, as with ipmitool; it is always restored, and the payload always deactivated
 * (a payload left active makes the next `sol activate` fail with "already active").
 */
export async function solActivate(session: IpmiSession, term: SolTerminal): Promise<void> {
  let sol: SolConsole;
  try {
    sol = await SolConsole.activate(session);
  } catch (err) {
    throw ipmiCliError(err, 'Activate SOL payload failed');
  }
  const escape = new SolEscapeParser();
  term.notice(`[SOL Session operational.  Use ${escape.escapeChar}? for help]\n`);
  const raw = term.input.isTTY === true && typeof term.input.setRawMode === 'function';
  if (raw) term.input.setRawMode!(true);

  let onInput: (chunk: Buffer | string) => void = () => undefined;
  let onSignal: () => void = () => undefined;
  const ended = new Promise<'quit' | 'bmc' | 'signal' | 'eof'>((resolve) => {
    onInput = (chunk) => {
      const { data, commands } = escape.feed(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
      if (data.length > 0) sol.write(data);
      for (const c of commands) {
        if (c === 'help') term.notice(escape.help());
        else return resolve('quit');
      }
    };
    onSignal = () => resolve('signal');
    sol.on('close', () => resolve('bmc'));
    term.input.once('end', () => resolve('eof'));
  });
  sol.on('data', (d: Buffer) => term.output.write(d));
  // Unacknowledged input is reported and dropped; the session stays up (ipmitool does the same).
  sol.on('error', (err: Error) => term.notice(`\r\n[${err.message}]\r\n`));
  term.input.on('data', onInput);
  STOP_SIGNALS.forEach((s) => process.on(s, onSignal));
  term.input.resume();
  try {
    const why = await ended;
    if (why === 'quit') term.notice(`${escape.escapeChar}. [terminated hwctl]\n`);
    if (why === 'bmc') throw new CliError('SOL session closed by the BMC', EXIT.api);
  } finally {
    STOP_SIGNALS.forEach((s) => process.off(s, onSignal));
    term.input.off('data', onInput);
    term.input.pause();
    if (raw) term.input.setRawMode!(false);
    await sol.close();
  }
}
