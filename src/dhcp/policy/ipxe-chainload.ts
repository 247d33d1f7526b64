/**
 * Whether an iPXE client gets its bootscript URL or our iPXE binary first (HWCTL_DHCP_IPXE_CHAINLOAD).
 *
 * `never` is coresmd's rule (reference §5): user class (option 77) "iPXE" → the bootscript URL. Yet many
 * NIC ROMs are themselves iPXE (QEMU's, some vendors'), often an old build without the features a site
 * needs (HTTPS, its trust anchors, an embedded script, newer drivers). With `always`, an iPXE client is
 * first sent the binary for its architecture (option 93, as a PXE ROM would be) and loads it over TFTP;
 * the chained iPXE then DHCPs again, with the same user class. It must get the script this time or it
 * would chain itself forever, and iPXE offers nothing that tells the ROM from our build, so we remember
 * which MACs we just ACKed a binary to. Only ACKs count: an OFFER may go to a client that picks another
 * server. The next iPXE exchange of that MAC gets the script, and the ACK of the script ends the chain,
 * so the following boot starts over with the binary.
 *
 * Pure apart from the clock (injectable); one instance per DHCP server, in memory: a lost entry (restart,
 * eviction, expiry) costs that node one extra chain round, never a failed boot.
 */
import { isIpxe } from './boot-file';

export type IpxeChainloadMode = 'never' | 'always';

/** What option 67 carries: the iPXE binary for the architecture, or the bootscript URL (iPXE only). */
export type BootStage = 'binary' | 'script';

/**
 * How long after the ACK of our binary the chained iPXE is expected to DHCP. Under QEMU TCG it does so
 * within ~1 s of the TFTP transfer (test/interop/pxe-qemu.test.ts); real hardware adds the download on a
 * busy network and driver start-up, seconds. A minute covers that with room to spare, and is short enough
 * that a node rebooted later starts with the binary again. Past it, the worst case is one more chain.
 */
export const CHAINLOAD_WINDOW_MS = 60_000;

/**
 * MACs remembered at once. A boot storm of the whole machine room fits (an entry lives for the window
 * only); beyond it the oldest entry goes first, and that node chains once more. About 100 bytes each.
 */
export const CHAINLOAD_MAX_ENTRIES = 65_536;

export interface IpxeChainloadOptions {
  mode: IpxeChainloadMode;
  windowMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export class IpxeChainload {
  /** MAC → when we ACKed it our binary. Map order is insertion order, which `remember` keeps = time order. */
  private readonly handed = new Map<string, number>();
  private readonly windowMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly o: IpxeChainloadOptions) {
    this.windowMs = o.windowMs ?? CHAINLOAD_WINDOW_MS;
    this.maxEntries = Math.max(1, o.maxEntries ?? CHAINLOAD_MAX_ENTRIES);
    this.now = o.now ?? Date.now;
  }

  /** Entries held (expired ones are dropped as new ones arrive). */
  get size(): number {
    return this.handed.size;
  }

  /** The stage for this message. Reads only: DISCOVER and REQUEST of one exchange must agree. */
  stage(req: { mac: string; userClasses: readonly string[] }): BootStage {
    if (!isIpxe(req.userClasses)) return 'binary';
    if (this.o.mode === 'never') return 'script';
    return this.justChained(req.mac) ? 'script' : 'binary';
  }

  /** Record that an ACK carrying `stage` went to `mac` (INFORM replies do not start a boot: not counted). */
  acked(mac: string, stage: BootStage): void {
    if (this.o.mode === 'never') return;
    if (stage === 'script') {
      this.handed.delete(mac);
      return;
    }
    this.handed.delete(mac); // re-insert at the end: keeps the map in time order
    this.prune();
    this.handed.set(mac, this.now());
  }

  private justChained(mac: string): boolean {
    const at = this.handed.get(mac);
    if (at === undefined) return false;
    if (this.now() - at <= this.windowMs) return true;
    this.handed.delete(mac);
    return false;
  }

  /** Drops expired entries from the front, then the oldest while full. Amortised O(1) per insert. */
  private prune(): void {
    const cutoff = this.now() - this.windowMs;
    for (const [mac, at] of this.handed) {
      if (at >= cutoff && this.handed.size < this.maxEntries) break;
      this.handed.delete(mac);
    }
  }
}
