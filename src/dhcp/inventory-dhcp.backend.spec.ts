import { DhcpConfig } from '../config/config';
import { BOOTREQUEST, DhcpRequest, encodeDhcpPacket, parseDhcpRequest } from '../protocols/dhcp';
import { buildHostTable, DhcpHostTable } from './hosts/dhcp-host-table';
import { InventoryDhcpBackend } from './inventory-dhcp.backend';
import { PoolLeases } from './leases/pool-leases.service';

const config: DhcpConfig = {
  interface: 'eth1',
  port: 67,
  bindAddress: '0.0.0.0',
  routers: ['10.99.0.254'],
  dns: ['10.99.0.53'],
  domain: 'cluster.local',
  leaseSeconds: 3600,
  bootfiles: { bios: 'undionly.kpxe', efiIa32: 'ipxe-i386.efi', efiX64: 'snponly.efi', efiArm32: 'ipxe-arm32.efi', efiArm64: 'ipxe-arm64.efi' },
  ipxeChainload: 'never',
  ipxeNoPxeDhcp: true,
  nodeHostname: 'nid{04d}',
  bmcHostname: '{id}',
  relaySubnets: [],
  unknownPolicy: 'pool',
  pool: { first: '10.99.0.200', last: '10.99.0.201' },
  poolLeaseSeconds: 300,
};
const nodes = [
  { xname: 'x1000c1s7b1n0', type: 'Node', nid: 1, role: 'Compute', state: 'Ready', enabled: true, groups: [], interfaces: [{ mac: '52:54:00:00:00:01', description: '', ips: [{ ip: '10.99.0.11' }, { ip: '10.50.0.11' }] }] },
  { xname: 'x1000c1s7b1', type: 'NodeBMC', nid: null, role: '', state: 'Ready', enabled: true, groups: [], interfaces: [{ mac: '52:54:00:00:10:01', description: '', ips: [{ ip: '10.99.0.101' }] }] },
  { xname: 'x1000c1s7b2n0', type: 'Node', nid: 2, role: 'Compute', state: 'Ready', enabled: true, groups: [], interfaces: [{ mac: '52:54:00:00:00:02', description: '', ips: [] }] },
];

/** In-memory stand-in for the database-backed pool (its own behaviour is in test/integration/dhcp.test.ts). */
class MemoryPool {
  leases = new Map<string, string>();
  async offer(mac: string) {
    if (!this.leases.has(mac)) this.leases.set(mac, `10.99.0.${200 + this.leases.size}`);
    return this.leases.get(mac);
  }
  async bind(mac: string, ip: string) {
    const held = this.leases.get(mac);
    return held === undefined ? 'none' : held === ip ? 'bound' : 'other-address';
  }
  async forget(mac: string) {
    this.leases.delete(mac);
  }
  async release(mac: string) {
    this.leases.delete(mac);
  }
  async decline() {}
}

const chaddr = (mac: string) => Buffer.concat([Buffer.from(mac.replace(/:/g, ''), 'hex'), Buffer.alloc(10)]);
const req = (mac: string, options: [number, number[]][], extra: { giaddr?: string; ciaddr?: string } = {}): DhcpRequest =>
  parseDhcpRequest(encodeDhcpPacket({ op: BOOTREQUEST, xid: 1, chaddr: chaddr(mac), ...extra, options: options.map(([c, v]) => [c, Buffer.from(v)]) }));
const discover = (mac: string, more: [number, number[]][] = [], extra = {}) => req(mac, [[53, [1]], ...more], extra);
const IPXE: [number, number[]] = [77, [...Buffer.from('iPXE')]];

function backendWith(overrides: Partial<DhcpConfig> = {}) {
  const table = buildHostTable(nodes, { ...config, ...overrides });
  const hosts = { get: (m: string) => table.byMac.get(m), inventoryIps: table.ips } as unknown as DhcpHostTable;
  const pool = new MemoryPool();
  const backend = new InventoryDhcpBackend({
    config: { ...config, ...overrides },
    link: { name: 'eth1', address: '10.99.0.1', netmask: '255.255.255.0' },
    serverId: '10.99.0.1',
    hosts,
    pool: pool as unknown as PoolLeases,
    bootscriptUrl: (mac) => `http://10.99.0.1:27780/boot/v1/bootscript?mac=${mac}`,
  });
  return { backend, pool };
}

describe('InventoryDhcpBackend: known MACs', () => {
  const { backend } = backendWith();

  it('offers the inventory address on the link, with name, router, DNS, domain and the BIOS iPXE', () => {
    expect(backend.offer(discover('52:54:00:00:00:01', [[93, [0, 0]]]))).toEqual({
      address: '10.99.0.11',
      leaseSeconds: 3600,
      params: {
        subnetMask: '255.255.255.0',
        routers: ['10.99.0.254'],
        dns: ['10.99.0.53'],
        domain: 'cluster.local',
        hostname: 'nid0001.cluster.local',
        bootfile: 'undionly.kpxe',
        nextServer: '10.99.0.1',
        tftpServer: undefined,
        ipxeNoPxeDhcp: false, // PXE firmware: no option 175
      },
    });
  });

  it('iPXE gets the bootscript URL; a BMC gets its xname', () => {
    expect((backend.offer(discover('52:54:00:00:00:01', [IPXE])) as any).params.bootfile).toBe('http://10.99.0.1:27780/boot/v1/bootscript?mac=52:54:00:00:00:01');
    expect((backend.offer(discover('52:54:00:00:10:01')) as any).params.hostname).toBe('x1000c1s7b1.cluster.local');
  });

  it('relayed: the address on the relay segment, the relay as router', () => {
    const lease = backend.offer(discover('52:54:00:00:00:01', [], { giaddr: '10.50.0.1' })) as any;
    expect(lease.address).toBe('10.50.0.11');
    expect(lease.params.routers).toEqual(['10.50.0.1']);
  });

  it('a NIC without an IPv4 address is not a known host (coresmd falls through too)', async () => {
    expect(await backend.offer(discover('52:54:00:00:00:02'))).toEqual(expect.objectContaining({ address: '10.99.0.200', leaseSeconds: 300 }));
  });

  it('REQUEST: ACK for the inventory address, NAK for anything else', async () => {
    expect(await backend.request(req('52:54:00:00:00:01', [[53, [3]]]), '10.99.0.11', 'selecting')).toMatchObject({ kind: 'ack' });
    expect(await backend.request(req('52:54:00:00:00:01', [[53, [3]]]), '10.99.0.200', 'renewing')).toMatchObject({ kind: 'nak' });
  });
});

describe('InventoryDhcpBackend: unknown MACs', () => {
  it('policy ignore: no offer, no answer to requests or INFORM', async () => {
    const { backend } = backendWith({ unknownPolicy: 'ignore' });
    expect(await backend.offer(discover('02:00:00:00:00:99'))).toBeUndefined();
    expect(await backend.request(req('02:00:00:00:00:99', [[53, [3]]]), '10.99.0.200', 'init-reboot')).toEqual({ kind: 'silent', reason: 'unknown-mac' });
    expect(backend.inform(req('02:00:00:00:00:99', [[53, [8]]], { ciaddr: '10.99.0.9' }))).toBeUndefined();
  });

  it('policy pool: a short lease with the architecture binary, then the script for iPXE', async () => {
    const { backend } = backendWith({ poolBootfile: 'http://10.99.0.1/reboot.ipxe' });
    const firm = (await backend.offer(discover('02:00:00:00:00:99', [[93, [0, 7]]])))!;
    expect(firm).toMatchObject({ address: '10.99.0.200', leaseSeconds: 300, params: { bootfile: 'snponly.efi' } });
    expect(firm.params.hostname).toBeUndefined();
    const ipxe = (await backend.offer(discover('02:00:00:00:00:99', [IPXE])))!;
    expect(ipxe).toMatchObject({ address: '10.99.0.200', params: { bootfile: 'http://10.99.0.1/reboot.ipxe' } });
  });

  it('pool: ACK for the held address, NAK for another, silent for an INIT-REBOOT without lease', async () => {
    const { backend } = backendWith();
    await backend.offer(discover('02:00:00:00:00:99'));
    expect(await backend.request(req('02:00:00:00:00:99', [[53, [3]]]), '10.99.0.200', 'selecting')).toMatchObject({ kind: 'ack' });
    expect(await backend.request(req('02:00:00:00:00:99', [[53, [3]]]), '10.99.0.9', 'init-reboot')).toMatchObject({ kind: 'nak' });
    expect(await backend.request(req('02:00:00:00:00:98', [[53, [3]]]), '10.99.0.9', 'init-reboot')).toMatchObject({ kind: 'silent' });
    expect(await backend.request(req('02:00:00:00:00:98', [[53, [3]]]), '10.99.0.9', 'renewing')).toMatchObject({ kind: 'nak' });
  });

  it('once the MAC is known, renewing its pool address gets a NAK and the pool lease is freed', async () => {
    const { backend, pool } = backendWith();
    pool.leases.set('52:54:00:00:00:01', '10.99.0.200'); // leased while unknown
    expect(await backend.request(req('52:54:00:00:00:01', [[53, [3]]], { ciaddr: '10.99.0.200' }), '10.99.0.200', 'renewing')).toMatchObject({ kind: 'nak' });
    expect(pool.leases.has('52:54:00:00:00:01')).toBe(false);
  });

  it('the pool serves only its own segment (not relays from elsewhere)', async () => {
    const { backend } = backendWith();
    expect(await backend.offer(discover('02:00:00:00:00:99', [], { giaddr: '10.50.0.1' }))).toBeUndefined();
  });
});

describe('InventoryDhcpBackend: HWCTL_DHCP_IPXE_CHAINLOAD=always', () => {
  const KNOWN = '52:54:00:00:00:01';
  const bootfile = async (lease: unknown) => ((await lease) as { params: { bootfile?: string } } | undefined)?.params.bootfile;
  const ack = async (verdict: unknown) => {
    const v = (await verdict) as { kind: string; lease?: { params: { bootfile?: string } } };
    expect(v.kind).toBe('ack');
    return v.lease!.params.bootfile;
  };
  const request = (mac: string, options: [number, number[]][]) => req(mac, [[53, [3]], ...options]);
  const BIOS_IPXE: [number, number[]][] = [IPXE, [93, [0, 0]]];

  it('known MAC: the iPXE ROM gets undionly.kpxe (OFFER and ACK), the chained iPXE its bootscript URL, the next boot the binary again', async () => {
    const { backend } = backendWith({ ipxeChainload: 'always' });
    const url = `http://10.99.0.1:27780/boot/v1/bootscript?mac=${KNOWN}`;
    expect(await bootfile(backend.offer(discover(KNOWN, BIOS_IPXE)))).toBe('undionly.kpxe');
    expect(await ack(backend.request(request(KNOWN, BIOS_IPXE), '10.99.0.11', 'selecting'))).toBe('undionly.kpxe');
    expect(await bootfile(backend.offer(discover(KNOWN, BIOS_IPXE)))).toBe(url);
    expect(await ack(backend.request(request(KNOWN, BIOS_IPXE), '10.99.0.11', 'selecting'))).toBe(url);
    expect(await bootfile(backend.offer(discover(KNOWN, BIOS_IPXE)))).toBe('undionly.kpxe');
  });

  it('an OFFER alone (the client may pick another server) or an INFORM does not count as handing out the binary', async () => {
    const { backend } = backendWith({ ipxeChainload: 'always' });
    await backend.offer(discover(KNOWN, BIOS_IPXE));
    backend.inform(req(KNOWN, [[53, [8]], ...BIOS_IPXE], { ciaddr: '10.99.0.11' }));
    expect(await bootfile(backend.offer(discover(KNOWN, BIOS_IPXE)))).toBe('undionly.kpxe');
  });

  it('pool: an unknown iPXE ROM gets the binary first, then HWCTL_DHCP_POOL_BOOTFILE', async () => {
    const { backend } = backendWith({ ipxeChainload: 'always', poolBootfile: 'http://10.99.0.1/reboot.ipxe' });
    const mac = '02:00:00:00:00:99';
    expect(await bootfile(backend.offer(discover(mac, BIOS_IPXE)))).toBe('undionly.kpxe');
    expect(await ack(backend.request(request(mac, BIOS_IPXE), '10.99.0.200', 'selecting'))).toBe('undionly.kpxe');
    expect(await ack(backend.request(request(mac, BIOS_IPXE), '10.99.0.200', 'selecting'))).toBe('http://10.99.0.1/reboot.ipxe');
  });

  it('PXE firmware (no user class) is unaffected: the binary every time', async () => {
    const { backend } = backendWith({ ipxeChainload: 'always' });
    expect(await ack(backend.request(request(KNOWN, [[93, [0, 7]]]), '10.99.0.11', 'selecting'))).toBe('snponly.efi');
    expect(await ack(backend.request(request(KNOWN, [[93, [0, 7]]]), '10.99.0.11', 'selecting'))).toBe('snponly.efi');
  });
});

describe('InventoryDhcpBackend: option 175.176 (HWCTL_DHCP_IPXE_NO_PXEDHCP)', () => {
  const KNOWN = '52:54:00:00:00:01';
  const flag = async (lease: unknown) => ((await lease) as { params: { ipxeNoPxeDhcp?: boolean } } | undefined)?.params.ipxeNoPxeDhcp;
  const ENCAP: [number, number[]] = [175, [0xeb, 3, 1, 0, 0]]; // an iPXE request's own 175 (version only)

  it.each<[string, [number, number[]][], boolean]>([
    ['iPXE (user class) with its bootscript URL', [IPXE], true],
    ['option 175 without user class (bootfile by arch)', [ENCAP, [93, [0, 0]]], true],
    ['PXE firmware', [[93, [0, 0]]], false],
    ['udhcpc-like, no arch: no boot file at all', [], false],
  ])('known MAC, %s → %s', async (_n, options, expected) => {
    const { backend } = backendWith();
    expect(await flag(backend.offer(discover(KNOWN, options)))).toBe(expected);
  });

  it('set in OFFER, ACK, INFORM and pool leases alike; never when turned off', async () => {
    const on = backendWith().backend;
    expect(((await on.request(req(KNOWN, [[53, [3]], IPXE]), '10.99.0.11', 'selecting')) as any).lease.params.ipxeNoPxeDhcp).toBe(true);
    expect(on.inform(req(KNOWN, [[53, [8]], IPXE], { ciaddr: '10.99.0.11' }))!.ipxeNoPxeDhcp).toBe(true);
    expect(await flag(on.offer(discover('02:00:00:00:00:99', [IPXE])))).toBe(true);
    const off = backendWith({ ipxeNoPxeDhcp: false }).backend;
    expect(await flag(off.offer(discover(KNOWN, [IPXE])))).toBe(false);
    expect(await flag(off.offer(discover('02:00:00:00:00:98', [IPXE])))).toBe(false);
  });

  it('chainloading: the iPXE ROM gets it with our binary, the chained iPXE with its URL', async () => {
    const { backend } = backendWith({ ipxeChainload: 'always' });
    const first = (await backend.request(req(KNOWN, [[53, [3]], IPXE, [93, [0, 0]]]), '10.99.0.11', 'selecting')) as any;
    expect(first.lease.params).toMatchObject({ bootfile: 'undionly.kpxe', ipxeNoPxeDhcp: true });
    const second = (await backend.request(req(KNOWN, [[53, [3]], IPXE, [93, [0, 0]]]), '10.99.0.11', 'selecting')) as any;
    expect(second.lease.params).toMatchObject({ bootfile: expect.stringContaining('/boot/v1/bootscript'), ipxeNoPxeDhcp: true });
  });
});
