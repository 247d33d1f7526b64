/**
 * When a schedule runs next: every N seconds, or a cron expression (5 fields, or 6 with seconds; the
 * `cron` package that @nestjs/schedule itself uses). Times are UTC ISO strings, compared as strings in SQL.
 */
import { CronTime } from 'cron';

export function validateCron(expr: string): string | undefined {
  try {
    new CronTime(expr, 'UTC');
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The first run time strictly after `after`. */
export function nextRunAfter(s: { intervalSeconds: number | null; cron: string | null }, after: Date): string {
  if (s.cron) return new CronTime(s.cron, 'UTC').getNextDateFrom(after).toUTC().toISO()!;
  const every = Math.max(1, s.intervalSeconds ?? 3600) * 1000;
  return new Date(after.getTime() + every).toISOString();
}

/** The slot after a run was due at `due`, skipping any slots already in the past (no catch-up storm). */
export function nextSlot(s: { intervalSeconds: number | null; cron: string | null }, due: Date, now: Date): string {
  if (s.cron) return nextRunAfter(s, due > now ? due : now);
  const every = Math.max(1, s.intervalSeconds ?? 3600) * 1000;
  const k = Math.max(1, Math.floor((now.getTime() - due.getTime()) / every) + 1);
  return new Date(due.getTime() + k * every).toISOString();
}
