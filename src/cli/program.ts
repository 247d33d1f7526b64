import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { addGlobalOptions } from './cli-context';
import { CliError, EXIT } from './cli-error';
import { CliIo, processIo } from './cli-io';
import { registerBootCommands } from './boot/boot.command';
import { registerCloudInitCommands } from './cloudinit/cloudinit.command';
import { registerDiscoveryCommands } from './discovery/discovery.command';
import { registerInventoryCommands } from './inventory/inventory.command';
import { registerIpmiCommands } from './ipmi/ipmi.command';
import { registerSimCommands } from './sim/sim.command';
import { registerTokenCommands } from './token/token.command';
import { packageVersion } from './version';

/** A command module adds its subtree to the program (later: scan, pm, power, console, boot, sim). */
export type CommandModule = (program: Command, io: CliIo) => void;

const MODULES: CommandModule[] = [registerInventoryCommands, registerTokenCommands, registerCloudInitCommands, registerIpmiCommands, registerSimCommands, registerDiscoveryCommands, registerBootCommands];

export function buildProgram(io: CliIo, modules: CommandModule[] = MODULES): Command {
  const program = new Command('hwctl')
    .description('hwctl: discovery, inventory, power, console and boot for bare-metal clusters (client of hwctld)')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)');
  addGlobalOptions(program);
  for (const register of modules) register(program, io);
  // After registration so every subcommand, however it was added, reports through our streams and
  // throws instead of calling process.exit (runCli picks the exit code).
  forEachCommand(program, (cmd) =>
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: (s, write) => write(s) }),
  );
  return program;
}

function forEachCommand(cmd: Command, fn: (c: Command) => void): void {
  fn(cmd);
  for (const sub of cmd.commands) forEachCommand(sub, fn);
}

/**
 * Runs one command line and returns the exit code (0 ok, 1 API error, 2 usage or bad input,
 * 3 daemon unreachable); see cli-error.ts. Never throws.
 */
export async function runCli(argv: string[], io: CliIo = processIo(), modules?: CommandModule[]): Promise<number> {
  try {
    await buildProgram(io, modules).parseAsync(argv);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CliError) {
      for (const line of err.lines) io.err(`error: ${line}\n`);
      return err.exitCode;
    }
    // Thrown by one of our parsers inside an action (commander reports the ones it calls itself).
    if (err instanceof InvalidArgumentError) {
      io.err(`error: ${err.message}\n`);
      return EXIT.usage;
    }
    // Commander has already printed its message (unknown option, missing argument, --help).
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    io.err(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.api;
  }
}
