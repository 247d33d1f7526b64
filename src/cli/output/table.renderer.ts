import Table from 'cli-table3';

/**
 * Tables for people and for pipes. On a terminal: boxed, bold header. Otherwise: borderless columns
 * separated by two spaces, no colour codes, no trailing blanks — what `awk`, `grep` and `column` expect
 * (the kubectl convention).
 */
export function renderTable(head: string[], rows: string[][], tty: boolean): string {
  const table = new Table(tty ? boxed(head) : plain(head));
  table.push(...rows);
  return finish(table.toString());
}

/** A two-column key/value view of one object (`get`). */
export function renderRecord(entries: [string, string][], tty: boolean): string {
  const table = new Table(tty ? { ...boxed([]), style: { head: [], border: [], compact: true } } : plain([]));
  table.push(...entries.map(([k, v]) => [tty ? k : `${k}:`, v]));
  return finish(table.toString());
}

function boxed(head: string[]) {
  return { head, style: { head: ['bold'], border: [] as string[], compact: true } };
}

const NO_BORDER = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

function plain(head: string[]) {
  return { head, chars: NO_BORDER, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 } };
}

function finish(text: string): string {
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** How one value reads in a cell: arrays comma-joined, objects as k=v, missing as empty. */
export function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(cell).filter((s) => s !== '').join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}=${cell(v)}`)
      .join(' ');
  }
  return String(value);
}
