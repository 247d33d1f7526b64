/**
 * Exit codes of every hwctl command. Scripts branch on them, so they are part of the CLI contract:
 * 1 = the daemon answered with an error, 2 = the command line or an input file is wrong (nothing was
 * sent), 3 = the daemon could not be reached or did not answer in time.
 */
export const EXIT = { ok: 0, api: 1, usage: 2, unreachable: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error meant for the user: each line is printed as `error: <line>` on stderr, then we exit. */
export class CliError extends Error {
  readonly lines: string[];

  constructor(
    message: string | string[],
    readonly exitCode: ExitCode,
  ) {
    const lines = Array.isArray(message) ? message : [message];
    super(lines.join('\n'));
    this.lines = lines;
    this.name = 'CliError';
  }
}

export const usageError = (message: string | string[]) => new CliError(message, EXIT.usage);
