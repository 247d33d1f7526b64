import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { HwctlConfig } from '../../config/config';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Structured logs (STYLE.md §11): JSON lines when stdout is not a terminal (journald, containers,
 * log shippers), readable text on a TTY. Callers log objects with context (xname, mac, bmc), never credentials.
 */
export function createLogger(config: Pick<HwctlConfig, 'log'>): ConsoleLogger {
  const json = config.log.format === 'json' || (config.log.format === 'auto' && !process.stdout.isTTY);
  const upTo = LEVELS.indexOf(config.log.level);
  return new ConsoleLogger('hwctld', { json, logLevels: LEVELS.slice(0, upTo + 1), colors: !json && process.stdout.isTTY });
}
