/**
 * What a command may touch of the outside world. main.ts passes the real process streams; specs pass
 * buffers, so commands run in-process without spawning hwctl.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Reads all of standard input (for `--password-stdin` and `load -`). */
  readStdin(): Promise<string>;
  /** True when stdout is a terminal: bordered, coloured tables instead of plain aligned columns. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    isTTY: process.stdout.isTTY === true,
    env: process.env,
  };
}
