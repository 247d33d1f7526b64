/**
 * The live progress bar of `hwctl scan|collect` on a terminal, drawn by cli-progress on stderr (stdout stays
 * clean for --json and pipes):
 *   scan [██████████░░░░░░░░░░] 50% | 127/254 addresses · 20 BMCs · 10 collected · 1 failed | 3s
 * Fed from the scan record the CLI polls; `stop` leaves the last state on screen and ends the line.
 */
import { Presets, SingleBar } from 'cli-progress';

export interface ScanProgress {
  status: string;
  total: number;
  probed: number;
  found: number;
  collected: number;
  failed: number;
  kind?: string;
}

/** The counters after the bar: what a scan (addresses, BMCs found) or a collect (BMCs) has done so far. */
export function progressDetail(p: ScanProgress): string {
  const parts = [`${p.probed}/${p.total} ${p.kind === 'collect' ? 'BMCs' : 'addresses'}`];
  if (p.kind !== 'collect') parts.push(`${p.found} BMCs`);
  if (p.collected || p.failed || p.kind === 'collect') parts.push(`${p.collected} collected`, `${p.failed} failed`);
  return parts.join(' · ');
}

/** A writable for cli-progress that goes through the CLI's own output function (tests capture it). */
function terminal(write: (text: string) => void, columns: number): NodeJS.WritableStream {
  return { write: (s: string) => (write(s), true), isTTY: true, columns } as unknown as NodeJS.WritableStream;
}

export class ScanProgressBar {
  private bar?: SingleBar;
  private readonly started = Date.now();

  constructor(private readonly write: (text: string) => void, private readonly columns = 100) {}

  update(p: ScanProgress): void {
    const payload = { kind: p.kind ?? 'scan', detail: progressDetail(p), secs: Math.round((Date.now() - this.started) / 1000) };
    if (!this.bar) {
      this.bar = new SingleBar(
        {
          format: '{kind} [{bar}] {percentage}% | {detail} | {secs}s',
          stream: terminal(this.write, this.columns),
          barsize: 20,
          hideCursor: true,
          // Redraw on our polls only: the scan record changes at most every 250 ms.
          fps: 4,
          noTTYOutput: false,
        },
        Presets.shades_classic,
      );
      this.bar.start(Math.max(1, p.total), p.probed, payload);
      return;
    }
    this.bar.setTotal(Math.max(1, p.total));
    this.bar.update(p.probed, payload);
  }

  stop(): void {
    this.bar?.stop();
  }
}
