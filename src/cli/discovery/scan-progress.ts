/**
 * A one-line progress bar for a terminal (cli-progress is not a dependency; this is all we need):
 *   scan [##########..........]  50%  127/254 addresses · 20 BMCs · 10 collected · 1 failed · 3s
 * Redrawn in place with \r; the caller prints a newline when the scan ends.
 */
export interface ScanProgress {
  status: string;
  total: number;
  probed: number;
  found: number;
  collected: number;
  failed: number;
  kind?: string;
}

export function progressLine(p: ScanProgress, elapsedMs: number, width = 20): string {
  const total = Math.max(1, p.total);
  const frac = Math.min(1, p.probed / total);
  const filled = Math.round(frac * width);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  const pct = `${Math.floor(frac * 100)}%`.padStart(4);
  const what = p.kind === 'collect' ? 'BMCs' : 'addresses';
  const parts = [`${p.probed}/${p.total} ${what}`];
  if (p.kind !== 'collect') parts.push(`${p.found} BMCs`);
  if (p.collected || p.failed || p.kind === 'collect') parts.push(`${p.collected} collected`, `${p.failed} failed`);
  parts.push(`${Math.round(elapsedMs / 1000)}s`);
  return `${p.kind ?? 'scan'} [${bar}] ${pct}  ${parts.join(' · ')}`;
}
