import { ConfigError, loadConfig } from '../config/config.loader';

const load = (env: Record<string, string>) => loadConfig({ HWCTL_DATA_DIR: '/tmp/hwctl-dhcp-config-spec', ...env }, '/tmp');
function problems(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('HWCTL_DHCP_* configuration', () => {
  it('is off by default, with coresmd-like defaults', () => {
    expect(load({}).dhcp).toEqual({
      interface: undefined,
      port: 67,
      bindAddress: '0.0.0.0',
      serverId: undefined,
      subnetMask: undefined,
      routers: [],
      dns: [],
      domain: undefined,
      leaseSeconds: 3600,
      nextServer: undefined,
      tftpServer: undefined,
      // BIOS and x86-64 UEFI: files Debian's ipxe package ships in /usr/lib/ipxe (the default TFTP root).
      bootfiles: { bios: 'undionly.kpxe', efiIa32: 'ipxe-i386.efi', efiX64: 'snponly.efi', efiArm32: 'ipxe-arm32.efi', efiArm64: 'ipxe-arm64.efi', default: undefined },
      ipxeChainload: 'never',
      ipxeNoPxeDhcp: true,
      nodeHostname: 'nid{04d}',
      bmcHostname: '{id}',
      relaySubnets: [],
      unknownPolicy: 'ignore',
      pool: undefined,
      poolLeaseSeconds: 300,
      poolBootfile: undefined,
    });
  });

  it('parses lists, ranges and durations', () => {
    const c = load({
      HWCTL_DHCP_INTERFACE: 'eth1',
      HWCTL_DHCP_ROUTER: '10.0.0.1',
      HWCTL_DHCP_DNS: '10.0.0.2, 10.0.0.3',
      HWCTL_DHCP_RELAY_SUBNETS: '10.1.0.0/16,10.2.0.0/24',
      HWCTL_DHCP_UNKNOWN_POLICY: 'pool',
      HWCTL_DHCP_POOL: '10.0.0.100 - 10.0.0.199',
      HWCTL_DHCP_LEASE_TIME: '24h',
      HWCTL_DHCP_IPXE_CHAINLOAD: 'always',
      HWCTL_DHCP_IPXE_NO_PXEDHCP: 'false',
    }).dhcp;
    expect(c).toMatchObject({
      interface: 'eth1',
      routers: ['10.0.0.1'],
      dns: ['10.0.0.2', '10.0.0.3'],
      relaySubnets: [{ network: '10.1.0.0', prefix: 16 }, { network: '10.2.0.0', prefix: 24 }],
      pool: { first: '10.0.0.100', last: '10.0.0.199' },
      leaseSeconds: 86400,
      ipxeChainload: 'always',
      ipxeNoPxeDhcp: false,
    });
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ HWCTL_DHCP_UNKNOWN_POLICY: 'pool' }, /^HWCTL_DHCP_POOL: required when HWCTL_DHCP_UNKNOWN_POLICY=pool/],
    [{ HWCTL_DHCP_POOL: '10.0.0.9-10.0.0.1' }, /^HWCTL_DHCP_POOL: /],
    [{ HWCTL_DHCP_POOL: '10.0.0.0-10.2.0.0' }, /^HWCTL_DHCP_POOL: .*65536/],
    [{ HWCTL_DHCP_SUBNET_MASK: '255.0.255.0' }, /^HWCTL_DHCP_SUBNET_MASK: expected a contiguous netmask/],
    [{ HWCTL_DHCP_ROUTER: '10.0.0.1,router' }, /^HWCTL_DHCP_ROUTER: /],
    [{ HWCTL_DHCP_SERVER_ID: '10.0.0.256' }, /^HWCTL_DHCP_SERVER_ID: /],
    [{ HWCTL_DHCP_UNKNOWN_POLICY: 'allow' }, /^HWCTL_DHCP_UNKNOWN_POLICY: /],
    [{ HWCTL_DHCP_BOOTFILE_BIOS: 'has space.kpxe' }, /^HWCTL_DHCP_BOOTFILE_BIOS: /],
    [{ HWCTL_DHCP_RELAY_SUBNETS: '10.1.0.0' }, /^HWCTL_DHCP_RELAY_SUBNETS: /],
    [{ HWCTL_DHCP_INTERFACE: 'eth 1' }, /^HWCTL_DHCP_INTERFACE: /],
    [{ HWCTL_DHCP_DOMAIN: 'bad_domain' }, /^HWCTL_DHCP_DOMAIN: /],
    [{ HWCTL_DHCP_IPXE_CHAINLOAD: 'once' }, /^HWCTL_DHCP_IPXE_CHAINLOAD: /],
    [{ HWCTL_DHCP_IPXE_NO_PXEDHCP: 'maybe' }, /^HWCTL_DHCP_IPXE_NO_PXEDHCP: /],
  ])('%j stops start-up naming the key', (env, message) => {
    expect(problems(env)).toEqual([expect.stringMatching(message)]);
  });
});
