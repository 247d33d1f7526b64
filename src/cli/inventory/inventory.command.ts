import { Command } from 'commander';
import { CliIo } from '../cli-io';
import { registerComponentsCommands } from './components.command';
import { registerEndpointsCommands } from './endpoints.command';
import { registerGroupsCommands } from './groups.command';
import { registerInterfacesCommands } from './interfaces.command';
import { registerLoadCommand } from './load.command';

/** `hwctl inventory …`: the SMD-compatible inventory (`/hsm/v2`) and the one-shot nodes-file load. */
export function registerInventoryCommands(program: Command, io: CliIo): void {
  const inventory = program.command('inventory').alias('inv').description('components, BMC endpoints, NICs and groups (SMD /hsm/v2)');
  registerComponentsCommands(inventory, io);
  registerEndpointsCommands(inventory, io);
  registerInterfacesCommands(inventory, io);
  registerGroupsCommands(inventory, io);
  registerLoadCommand(inventory, io);
}
