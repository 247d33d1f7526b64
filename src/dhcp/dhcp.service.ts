import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HWCTL_CONFIG } from '../config/config.module';
import { HwctlConfig } from '../config/config';
import { DHCP_COUNTER_NAMES, DhcpCounters, DhcpLink, DhcpServer } from '../protocols/dhcp';
import { DhcpHostTable } from './hosts/dhcp-host-table';
import { InventoryDhcpBackend } from './inventory-dhcp.backend';
import { PoolLeases } from './leases/pool-leases.service';
import { bootscriptUrl } from '../boot/bootscript-url';
import { resolveDhcpLink } from './policy/dhcp-link';

export interface DhcpStatus {
  enabled: boolean;
  interface?: string;
  address?: string;
  netmask?: string;
  serverId?: string;
  port?: number;
  unknownPolicy: 'ignore' | 'pool';
  hosts: number;
  snapshotRefreshedAt?: string;
  /** Packets by kind since start; `malformed` and `unsupported` were dropped undecoded. */
  counters: DhcpCounters;
}

/**
 * Runs the framework-free DHCP server (src/protocols/dhcp) when HWCTL_DHCP_INTERFACE is set, with the
 * inventory as its backend. A configured server that cannot start (no such interface, port 67 taken,
 * not root) stops the daemon: silently not answering DHCP would strand every node at boot.
 */
@Injectable()
export class DhcpService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('dhcp');
  private server?: DhcpServer;
  private link?: DhcpLink;
  private serverId?: string;

  constructor(
    @Inject(HWCTL_CONFIG) private readonly config: HwctlConfig,
    private readonly hosts: DhcpHostTable,
    private readonly pool: PoolLeases,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const c = this.config.dhcp;
    if (!c.interface) return;
    const link = resolveDhcpLink(c.interface, c.serverId);
    const serverId = c.serverId ?? link.address;
    await this.hosts.enable();
    const debug = this.config.log.level === 'debug' || this.config.log.level === 'verbose';
    const server = new DhcpServer({
      link,
      serverId,
      port: c.port,
      bindAddress: c.bindAddress,
      relaySubnets: c.relaySubnets.map((s) => ({ network: s.network, netmask: prefixToMask(s.prefix) })),
      backend: new InventoryDhcpBackend({
        config: c,
        link,
        serverId,
        hosts: this.hosts,
        pool: this.pool,
        bootscriptUrl: (mac) => bootscriptUrl(this.config, mac),
      }),
      logger: {
        debug: debug ? (msg, ctx) => this.log.debug({ msg, ...ctx }) : undefined,
        warn: (msg, ctx) => this.log.warn({ msg, ...ctx }),
      },
    });
    await server.start();
    Object.assign(this, { server, link, serverId });
    this.log.log({
      msg: 'DHCP server listening',
      bind: `${c.bindAddress}:${c.port}`,
      interface: link.name,
      address: link.address,
      netmask: link.netmask,
      serverId,
      hosts: this.hosts.size,
      unknownPolicy: c.unknownPolicy,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  status(): DhcpStatus {
    const zero = Object.fromEntries(DHCP_COUNTER_NAMES.map((n) => [n, 0])) as DhcpCounters;
    return {
      enabled: !!this.server,
      interface: this.link?.name,
      address: this.link?.address,
      netmask: this.link?.netmask,
      serverId: this.serverId,
      port: this.server ? this.config.dhcp.port : undefined,
      unknownPolicy: this.config.dhcp.unknownPolicy,
      hosts: this.hosts.size,
      snapshotRefreshedAt: this.hosts.refreshedAt,
      counters: { ...(this.server?.counters ?? zero) },
    };
  }
}

function prefixToMask(prefix: number): string {
  const m = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return `${m >>> 24}.${(m >>> 16) & 255}.${(m >>> 8) & 255}.${m & 255}`;
}
