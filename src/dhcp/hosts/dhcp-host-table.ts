import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import * as net from 'node:net';
import { HWCTL_CONFIG } from '../../config/config.module';
import { HwctlConfig } from '../../config/config';
import { INVENTORY_CHANGED } from '../../inventory/inventory-events';
import { InventoryReader, NodeRecord } from '../../inventory/inventory-reader';
import { dhcpHostname } from '../policy/node-hostname';

/** A MAC the inventory knows, with what DHCP gives it. */
export interface DhcpHost {
  mac: string;
  xname: string;
  type: string;
  nid: number | null;
  /** IPv4 addresses of the NIC, inventory order (coresmd hands out the first). */
  ips: string[];
  hostname?: string;
}

export interface HostTableSnapshot {
  byMac: Map<string, DhcpHost>;
  /** Every inventory IPv4 address, so the pool never hands one out. */
  ips: Set<string>;
}

/** Builds the MAC index: NICs with at least one IPv4 address (coresmd answers no MAC without one). */
export function buildHostTable(nodes: NodeRecord[], config: HwctlConfig['dhcp']): HostTableSnapshot {
  const byMac = new Map<string, DhcpHost>();
  const ips = new Set<string>();
  for (const node of nodes) {
    const hostname = dhcpHostname({ type: node.type, nid: node.nid, xname: node.xname }, config);
    for (const nic of node.interfaces) {
      const v4 = nic.ips.map((a) => a.ip).filter((ip) => net.isIPv4(ip));
      v4.forEach((ip) => ips.add(ip));
      if (v4.length === 0) continue;
      byMac.set(nic.mac, { mac: nic.mac, xname: node.xname, type: node.type, nid: node.nid, ips: v4, hostname });
    }
  }
  return { byMac, ips };
}

/**
 * The DHCP server's in-memory copy of the inventory: every lookup on the packet path is a map read.
 * Reloaded on `inventory.changed` (emitted after commit), never polled; reloads that arrive while one
 * runs are folded into one more. On PostgreSQL the event also arrives for changes made through other
 * replicas (database/replica-events.ts), and after the listener reconnects (then with `all`: this reload
 * is always a full one anyway).
 */
@Injectable()
export class DhcpHostTable {
  private readonly log = new Logger('dhcp');
  private table: HostTableSnapshot = { byMac: new Map(), ips: new Set() };
  private enabled = false;
  private running?: Promise<void>;
  private again = false;
  refreshedAt?: string;
  refreshes = 0;

  constructor(
    private readonly reader: InventoryReader,
    @Inject(HWCTL_CONFIG) private readonly config: HwctlConfig,
  ) {}

  /** Loads the first snapshot; until then (and when DHCP is off) change events are ignored. */
  async enable(): Promise<void> {
    this.enabled = true;
    await this.refresh();
  }

  get(mac: string): DhcpHost | undefined {
    return this.table.byMac.get(mac);
  }

  get inventoryIps(): ReadonlySet<string> {
    return this.table.ips;
  }

  get size(): number {
    return this.table.byMac.size;
  }

  @OnEvent(INVENTORY_CHANGED)
  onInventoryChanged(): void {
    if (this.enabled) void this.refresh().catch((err) => this.log.error({ msg: 'DHCP host table reload failed', error: String(err) }));
  }

  /** Reloads now, or once more after the reload in progress (which may have read older data). */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const nodes = await this.reader.snapshot();
          this.table = buildHostTable(nodes, this.config.dhcp);
          this.refreshedAt = new Date().toISOString();
          this.refreshes++;
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
