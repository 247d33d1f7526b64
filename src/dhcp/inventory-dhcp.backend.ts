/**
 * hwctl's address policy for the framework-free DHCP server: known MACs get their inventory address
 * (coresmd behaviour, reference §5), unknown MACs follow HWCTL_DHCP_UNKNOWN_POLICY (ignore, or a
 * short pool lease as coresmd's bootloop plugin). The known-MAC path is synchronous map lookups; only
 * the pool touches the database.
 */
import { Logger } from '@nestjs/common';
import { DhcpConfig } from '../config/config';
import { DhcpBackend, DhcpLease, DhcpLink, DhcpParams, DhcpRequest, inSubnet, RequestState, RequestVerdict } from '../protocols/dhcp';
import { DhcpHost, DhcpHostTable } from './hosts/dhcp-host-table';
import { PoolLeases } from './leases/pool-leases.service';
import { poolContains } from './leases/pool-range';
import { chooseBootfile, isIpxe } from './policy/boot-file';
import { BootStage, IpxeChainload } from './policy/ipxe-chainload';
import { skipProxyDhcp } from './policy/ipxe-no-pxedhcp';

export interface InventoryDhcpBackendDeps {
  config: DhcpConfig;
  link: DhcpLink;
  serverId: string;
  hosts: DhcpHostTable;
  pool: PoolLeases;
  /** The bootscript URL for a MAC (src/boot's bootscriptUrl). */
  bootscriptUrl: (mac: string) => string;
  /** Which iPXE clients get our binary first; default: from config.ipxeChainload with the wall clock. */
  chainload?: IpxeChainload;
}

export class InventoryDhcpBackend implements DhcpBackend {
  private readonly log = new Logger('dhcp');
  private readonly mask: string;
  private readonly chainload: IpxeChainload;

  constructor(private readonly d: InventoryDhcpBackendDeps) {
    this.mask = d.config.subnetMask ?? d.link.netmask;
    this.chainload = d.chainload ?? new IpxeChainload({ mode: d.config.ipxeChainload });
  }

  /**
   * The client's segment: the served link for direct requests, giaddr's subnet (under the configured
   * mask) for relayed ones (RFC 2131 §4.3.1: "the address … on the subnet of the giaddr").
   */
  private segment(req: DhcpRequest): string {
    return req.relayed ? req.packet.giaddr : this.d.link.address;
  }

  /** The host's address on the client's segment (coresmd: first IP; subnet-aware for relays). */
  private addressFor(host: DhcpHost, req: DhcpRequest): string | undefined {
    const seg = this.segment(req);
    return host.ips.find((ip) => inSubnet(ip, seg, this.mask)) ?? (req.relayed ? host.ips[0] : undefined);
  }

  private params(req: DhcpRequest, bootfile: string | undefined, hostname?: string): DhcpParams {
    const c = this.d.config;
    return {
      subnetMask: this.mask,
      // A relay agent is the router of its clients' segment; HWCTL_DHCP_ROUTER is the served link's.
      routers: req.relayed ? [req.packet.giaddr] : c.routers,
      dns: c.dns,
      domain: c.domain,
      hostname,
      bootfile,
      tftpServer: c.tftpServer,
      nextServer: c.nextServer ?? this.d.serverId,
      ipxeNoPxeDhcp: skipProxyDhcp(c.ipxeNoPxeDhcp, req, bootfile),
    };
  }

  private knownLease(req: DhcpRequest, host: DhcpHost, address: string, stage = this.chainload.stage(req)): DhcpLease {
    const bootfile = chooseBootfile(stage, req.clientArch, this.d.config.bootfiles, () => this.d.bootscriptUrl(req.mac));
    return { address, leaseSeconds: this.d.config.leaseSeconds, params: this.params(req, bootfile, host.hostname) };
  }

  /** Pool clients: iPXE gets the reboot/discovery script, firmware the iPXE binary for its architecture. */
  private poolLease(req: DhcpRequest, address: string, stage = this.chainload.stage(req)): DhcpLease {
    const c = this.d.config;
    const bootfile = chooseBootfile(stage, req.clientArch, c.bootfiles, () => c.poolBootfile ?? this.d.bootscriptUrl(req.mac));
    return { address, leaseSeconds: c.poolLeaseSeconds, params: this.params(req, bootfile) };
  }

  /** An ACK that starts (or continues) a boot: the chainload memory follows what it carries. */
  private ack(req: DhcpRequest, lease: (stage: BootStage) => DhcpLease): RequestVerdict {
    const stage = this.chainload.stage(req);
    this.chainload.acked(req.mac, stage);
    // An iPXE client is sent a binary only under HWCTL_DHCP_IPXE_CHAINLOAD=always: worth a line when debugging.
    if (stage === 'binary' && isIpxe(req.userClasses)) this.log.debug({ msg: 'iPXE client gets our iPXE binary (chainload)', mac: req.mac });
    return { kind: 'ack', lease: lease(stage) };
  }

  /** The pool serves the segment it lies on only (an address from it would be wrong elsewhere). */
  private poolServes(req: DhcpRequest): boolean {
    const pool = this.d.config.pool;
    return this.d.config.unknownPolicy === 'pool' && !!pool && inSubnet(pool.first, this.segment(req), this.mask);
  }

  offer(req: DhcpRequest): DhcpLease | undefined | Promise<DhcpLease | undefined> {
    const host = this.d.hosts.get(req.mac);
    if (host) {
      const address = this.addressFor(host, req);
      return address ? this.knownLease(req, host, address) : undefined;
    }
    if (!this.poolServes(req)) return undefined;
    return this.d.pool.offer(req.mac, this.d.hosts.inventoryIps).then((ip) => {
      if (!ip) this.log.warn({ msg: 'DHCP pool exhausted', mac: req.mac });
      return ip ? this.poolLease(req, ip) : undefined;
    });
  }

  request(req: DhcpRequest, address: string, state: RequestState): RequestVerdict | Promise<RequestVerdict> {
    const host = this.d.hosts.get(req.mac);
    if (host) {
      const want = this.addressFor(host, req);
      if (!want) return { kind: 'silent', reason: 'not-on-this-segment' };
      if (address === want) return this.ack(req, (stage) => this.knownLease(req, host, want, stage));
      // Known now but asking for another address (typically its old pool lease, coresmd bootloop):
      // NAK so the client restarts with DISCOVER and gets its inventory address; free the pool lease.
      return this.forgetPoolLease(req.mac).then(() => ({ kind: 'nak', message: `${address} is not assigned to ${req.mac}` }));
    }
    if (!this.poolServes(req)) return { kind: 'silent', reason: 'unknown-mac' };
    return this.d.pool.bind(req.mac, address).then((r): RequestVerdict => {
      if (r === 'bound') return this.ack(req, (stage) => this.poolLease(req, address, stage));
      // RFC 2131 §4.3.2: no record of an INIT-REBOOT client → stay silent; otherwise NAK.
      if (r === 'none' && state === 'init-reboot') return { kind: 'silent', reason: 'no-pool-lease' };
      return { kind: 'nak', message: r === 'none' ? 'no lease' : `${address} is not leased to ${req.mac}` };
    });
  }

  private async forgetPoolLease(mac: string): Promise<void> {
    if (this.d.config.unknownPolicy === 'pool') await this.d.pool.forget(mac);
  }

  inform(req: DhcpRequest): DhcpParams | undefined {
    const host = this.d.hosts.get(req.mac);
    if (host) return this.knownLease(req, host, req.packet.ciaddr).params;
    return this.poolServes(req) ? this.poolLease(req, req.packet.ciaddr).params : undefined;
  }

  release(req: DhcpRequest, address: string): Promise<void> | void {
    if (this.d.hosts.get(req.mac) || this.d.config.unknownPolicy !== 'pool') return;
    return this.d.pool.release(req.mac, address);
  }

  decline(req: DhcpRequest, address: string): Promise<void> | void {
    const host = this.d.hosts.get(req.mac);
    if (host) {
      // The inventory address of a node is in use by someone else: only an operator can fix that.
      this.log.warn({ msg: 'DHCP client declined its inventory address (address conflict)', mac: req.mac, xname: host.xname, ip: address });
      return;
    }
    const pool = this.d.config.pool;
    if (this.d.config.unknownPolicy === 'pool' && pool && poolContains(pool, address)) return this.d.pool.decline(address);
  }
}
