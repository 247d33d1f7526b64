import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { CliError, EXIT, ExitCode } from '../cli-error';
import { CliIo } from '../cli-io';

/**
 * `hwctl sim …`: runs the simulator fleet in the foreground. src/ never imports simulators/ (DESIGN.md), so this
 * starts the compiled simulator program (dist/simulators/main.js) in a child process with every argument passed
 * through untouched (`hwctl sim --help` shows the simulator's own options), shares the terminal with it, and
 * forwards SIGINT/SIGTERM/SIGHUP so stopping `hwctl sim` stops the fleet. The exit code is the simulator's.
 */
export function registerSimCommands(program: Command, io: CliIo): void {
  program
    .command('sim')
    .description('run the simulated BMC fleet in the foreground until Ctrl-C; `hwctl sim --help` lists its options')
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .argument('[options...]', 'simulator options, e.g. --bmcs 256 --subnet 127.0.1.0/24 --ipmi-port 6230')
    .action(async (_args: string[], _opts: unknown, cmd: Command) => {
      const code = await runForwardingSignals(process.execPath, [simulatorEntry(io.env), ...cmd.args]);
      if (code !== EXIT.ok) throw new CliError([], code);
    });
}

/** dist/src/cli/sim/ → dist/simulators/main.js (HWCTL_SIM_ENTRY overrides, for running from another layout). */
export function simulatorEntry(env: NodeJS.ProcessEnv, here = __dirname): string {
  const entry = env.HWCTL_SIM_ENTRY || path.resolve(here, '..', '..', '..', 'simulators', 'main.js');
  if (!fs.existsSync(entry)) throw new CliError(`the simulator is not built (${entry} is missing): run npm run build`, EXIT.usage);
  return entry;
}

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Where signals come from: the process, or an emitter in tests (jest's sandboxed `process` gets no real signals). */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/**
 * Runs `node script args…` with the terminal shared and signals forwarded; resolves with our exit code for it:
 * 0 stays 0, 2 (the simulator's usage error) stays 2, anything else — an error exit or death by a signal — is 1.
 */
export function runForwardingSignals(node: string, args: string[], signals: SignalSource = process): Promise<ExitCode> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { stdio: 'inherit' });
    const forwarders = FORWARDED.map((signal) => {
      const forward = () => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      };
      signals.on(signal, forward);
      return () => signals.off(signal, forward);
    });
    const done = () => forwarders.forEach((off) => off());
    child.once('error', (err) => {
      done();
      reject(new CliError(`cannot start the simulator: ${err.message}`, EXIT.api));
    });
    child.once('exit', (code) => {
      done();
      resolve(code === 0 ? EXIT.ok : code === EXIT.usage ? EXIT.usage : EXIT.api);
    });
  });
}
