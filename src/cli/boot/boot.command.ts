import { Command } from 'commander';
import { CliIo } from '../cli-io';
import { registerParamsCommands } from './params.command';
import { registerScriptCommand } from './script.command';

/** `hwctl boot …`: BSS-compatible boot parameters and the iPXE script each node gets. */
export function registerBootCommands(program: Command, io: CliIo): void {
  const boot = program.command('boot').description('network boot: boot parameters (BSS /boot/v1) and iPXE scripts');
  registerParamsCommands(boot, io);
  registerScriptCommand(boot, io);
}
