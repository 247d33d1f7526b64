import { CliContext } from '../cli-context';
import { redact } from './redact';
import { cell, renderRecord, renderTable } from './table.renderer';

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

/** A list answer: the raw JSON with --json, else a table of the chosen columns. */
export function printList<T>(ctx: CliContext, raw: unknown, rows: T[], columns: Column<T>[]): void {
  if (ctx.json) return printJson(ctx, raw);
  const head = columns.map((c) => c.header);
  ctx.io.out(renderTable(head, rows.map((r) => columns.map((c) => cell(redact(c.value(r))))), ctx.io.isTTY));
}

/** One object: raw JSON with --json, else key/value lines (secrets dropped, empty fields skipped). */
export function printRecord(ctx: CliContext, raw: unknown): void {
  if (ctx.json) return printJson(ctx, raw);
  const obj = (redact(raw) ?? {}) as Record<string, unknown>;
  const entries = Object.entries(obj)
    .map(([k, v]): [string, string] => [k, cell(v)])
    .filter(([, v]) => v !== '');
  ctx.io.out(renderRecord(entries, ctx.io.isTTY));
}

/** The answer to a change: the daemon's JSON with --json, else one human sentence. */
export function printDone(ctx: CliContext, raw: unknown, sentence: string): void {
  if (ctx.json) return printJson(ctx, raw ?? {});
  ctx.io.out(`${sentence}\n`);
}

export function printJson(ctx: CliContext, raw: unknown): void {
  ctx.io.out(`${JSON.stringify(redact(raw), null, 2)}\n`);
}
