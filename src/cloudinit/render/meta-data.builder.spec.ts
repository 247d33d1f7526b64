import { CloudInitEntry } from '../cloud-init.types';
import { buildMetaData, deriveInstanceId, generateHostname } from './meta-data.builder';

const entry = (name: string, metaData: CloudInitEntry['metaData'], description = ''): CloudInitEntry => ({
  stage: 'public', name, description, userData: null, metaData, vendorData: null, updatedAt: '',
});

describe('buildMetaData', () => {
  it('has the reference keys in the reference order', () => {
    const md = buildMetaData({
      xname: 'x3000c1b1n1',
      nid: 1,
      ip: '172.16.0.1',
      groups: [{ label: 'compute', entry: entry('compute', { syslog_aggregator: '192.168.0.1' }, 'compute nodes') }, { label: 'all' }],
      defaults: {
        cloud_provider: 'openchami', region: 'us-west', 'availability-zone': 'az1', 'cluster-name': 'demo',
        'public-keys': ['ssh-ed25519 AAAA cluster'], 'base-url': 'http://demo:8081/cloud-init', 'short-name': 'nid', 'nid-length': 3,
      },
      instance: { 'instance-type': 't2.micro', 'public-keys': ['ssh-ed25519 BBBB node'] },
      clusterName: 'ignored',
    });
    const id = deriveInstanceId('x3000c1b1n1');
    expect(md).toEqual({
      'instance-id': id,
      'local-hostname': 'nid001',
      hostname: 'nid001',
      'cluster-name': 'demo',
      instance_data: {
        v1: {
          availability_zone: 'az1',
          instance_id: id,
          instance_type: 't2.micro',
          region: 'us-west',
          local_ipv4: '172.16.0.1',
          cloud_provider: 'openchami',
          public_keys: ['ssh-ed25519 AAAA cluster', 'ssh-ed25519 BBBB node'],
          vendor_data: {
            version: '1.0',
            cloud_init_base_url: 'http://demo:8081/cloud-init',
            cluster_name: 'demo',
            groups: {
              compute: { Description: 'compute nodes', syslog_aggregator: '192.168.0.1' },
              all: { Description: 'No description Found' },
            },
          },
        },
      },
      syslog_aggregator: '192.168.0.1',
    });
    expect(Object.keys(md).slice(0, 5)).toEqual(['instance-id', 'local-hostname', 'hostname', 'cluster-name', 'instance_data']);
  });

  it('lets entries override computed keys, node after groups, and keeps instance_id in step', () => {
    const md = buildMetaData({
      xname: 'x1000c1s7b0n0', nid: 7,
      groups: [{ label: 'compute', entry: entry('compute', { 'instance-id': 'ochami-compute', role: 'compute', rack: { row: 1, col: 2 } }) }],
      nodeEntry: entry('x1000c1s7b0n0', { rack: { col: 5 }, 'local-hostname': 'special' }),
      defaults: {}, clusterName: 'demo',
    });
    expect(md['instance-id']).toBe('ochami-compute');
    expect((md.instance_data as any).v1.instance_id).toBe('ochami-compute');
    expect(md['local-hostname']).toBe('special');
    expect(md.hostname).toBe('de0007');
    expect(md.rack).toEqual({ row: 1, col: 5 });
  });

  it('prefers instance-info, then cluster defaults, then the configured base URL', () => {
    const base = { xname: 'x1c0s0b0n0', nid: 1, groups: [], clusterName: '' };
    const url = (md: any) => md.instance_data.v1.vendor_data.cloud_init_base_url;
    expect(url(buildMetaData({ ...base, defaults: {}, baseUrl: 'http://cfg/cloud-init' }))).toBe('http://cfg/cloud-init');
    expect(url(buildMetaData({ ...base, defaults: { 'base-url': 'http://cd' }, baseUrl: 'http://cfg' }))).toBe('http://cd');
    expect(url(buildMetaData({ ...base, defaults: { 'base-url': 'http://cd' }, instance: { 'cloud-init-base-url': 'http://ii' } }))).toBe('http://ii');
    expect(url(buildMetaData({ ...base, defaults: {} }))).toBeUndefined();
  });
});

describe('generateHostname', () => {
  it.each([
    ['demo', 'nid', 3, 1, 'nid001'],
    ['demo', undefined, undefined, 42, 'de0042'],
    ['', undefined, 2, 5, 'nid05'],
    ['démo', undefined, 4, 1, 'dé0001'],
    ['demo', 'n', 3, 12345, 'n12345'],
  ])('%s/%s/%s nid %s → %s', (cluster, short, len, nid, expected) => {
    expect(generateHostname(cluster as string, short as string | undefined, len as number | undefined, nid as number, 'x1c0s0b0n0')).toBe(expected);
  });

  it('uses the xname when the node has no NID', () => {
    expect(generateHostname('demo', 'nid', 3, null, 'x1c0s0b0n0')).toBe('x1c0s0b0n0');
  });
});

describe('deriveInstanceId', () => {
  it('is stable per node and differs between nodes', () => {
    expect(deriveInstanceId('x1c0s0b0n0')).toMatch(/^i-[0-9a-f]{12}$/);
    expect(deriveInstanceId('x1c0s0b0n0')).toBe(deriveInstanceId('x1c0s0b0n0'));
    expect(deriveInstanceId('x1c0s0b0n0')).not.toBe(deriveInstanceId('x1c0s0b0n1'));
  });
});
