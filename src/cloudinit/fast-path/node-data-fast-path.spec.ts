import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HwctlConfig } from '../../config/config';
import { InventoryReader, NodeRecord } from '../../inventory/inventory-reader';
import { CloudInitEntry } from '../cloud-init.types';
import { NodeRequest, nodeRequestOf } from '../node-request';
import { CloudInitRepository } from '../repositories/cloud-init.repository';
import { CloudInitCache } from '../services/cloud-init-cache.service';
import { DataKind, NodeDataService } from '../services/node-data.service';
import { NodeTokenService } from '../services/node-token.service';
import { conditionalStatus, NodeDataFastPath } from './node-data-fast-path';

const node = (xname: string, ip: string, groups: string[]): NodeRecord => ({
  xname,
  type: 'Node',
  nid: 1,
  role: 'Compute',
  state: 'On',
  enabled: true,
  groups,
  interfaces: [{ mac: `de:ad:be:ef:00:0${xname.slice(-1)}`, description: '', ips: [{ ip }] }],
});
const N0 = node('x1000c1s7b1n0', '172.16.0.1', ['all', 'compute']);
const N1 = node('x1000c1s7b1n1', '172.16.0.2', ['all']);
const entry = (name: string, userData: CloudInitEntry['userData']): CloudInitEntry =>
  ({ stage: 'public', name, description: '', userData, metaData: null, vendorData: null }) as CloudInitEntry;

/** What the fast path wrote, or nothing (`status` undefined: it fell through). */
class FakeResponse {
  status?: number;
  headers?: Record<string, string | number>;
  body?: Buffer;
  headersSent = false;
  writeHead(status: number, headers: Record<string, string | number>) {
    [this.status, this.headers, this.headersSent] = [status, headers, true];
    return this;
  }
  end(body?: Buffer) {
    this.body = body;
    return this;
  }
}

function request(url: string, headers: IncomingHttpHeaders = {}, method = 'GET', peer = '127.0.0.1'): IncomingMessage {
  return { method, url, headers: { host: 'boot.example:8081', ...headers }, socket: { remoteAddress: peer } } as unknown as IncomingMessage;
}

describe('NodeDataFastPath', () => {
  beforeAll(() => Logger.overrideLogger(false)); // the access-log and warning lines are not under test
  let cache: CloudInitCache;
  let service: NodeDataService;
  let fast: NodeDataFastPath;
  let listEntries: jest.Mock<Promise<CloudInitEntry[]>, []>;

  beforeEach(() => {
    const config = {
      cloudInit: { clusterName: 'demo', trustedProxies: ['127.0.0.1'], nodeTokenTtlSeconds: 300, secureRequireNodeIp: true, cacheTtlSeconds: 60 },
    } as unknown as HwctlConfig;
    const reader = { snapshot: async () => [N0, N1] } as unknown as InventoryReader;
    listEntries = jest.fn(async () => [entry('all', { packages: ['curl'] }), entry('compute', { runcmd: ['echo compute'] })]);
    const repo = {
      listEntries,
      clusterDefaults: async () => ({}),
      allInstanceInfo: async () => new Map(),
    } as unknown as CloudInitRepository;
    cache = new CloudInitCache(reader, repo, config);
    service = new NodeDataService(cache, {} as NodeTokenService, config);
    fast = new NodeDataFastPath({} as HttpAdapterHost, service);
  });

  const serve = (req: IncomingMessage) => {
    const res = new FakeResponse();
    const served = fast.tryServe(req, res as unknown as ServerResponse);
    expect(served).toBe(res.status !== undefined); // false leaves the response untouched
    return res;
  };
  /** What the Nest route's service call answers (and caches) for the same request. */
  const viaNest = (kind: DataKind, req: IncomingMessage) => service.forRequester('public', kind, nodeRequestOf(req));

  it('falls through on a cold cache, then serves exactly the document the Nest route got', async () => {
    const req = request('/cloud-init/user-data', { 'x-forwarded-for': '172.16.0.1' });
    expect(serve(req).status).toBeUndefined();
    const doc = await viaNest('user-data', req);
    const res = serve(req);
    expect(res.status).toBe(200);
    expect(res.body).toBe(doc.body); // the same cached Buffer, not a re-render
    expect(res.headers).toEqual({
      'X-Request-Id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'Content-Type': 'text/yaml; charset=utf-8',
      ETag: doc.etag,
      'Content-Length': doc.body.length,
    });
    expect(Object.keys(res.headers!)).toEqual(['X-Request-Id', 'Content-Type', 'ETag', 'Content-Length']); // Express's order
    expect(res.body!.toString()).toContain('echo compute');
    expect(fast.served).toBe(1);
  });

  it('serves meta-data once rendered and vendor-data from the cached data, with the request origin', async () => {
    const req = (p: string) => request(p, { 'x-forwarded-for': '172.16.0.1', 'x-request-id': 'abc' });
    const md = await viaNest('meta-data', req('/cloud-init/meta-data'));
    expect(serve(req('/cloud-init/meta-data')).body).toBe(md.body);
    const vd = await viaNest('vendor-data', req('/cloud-init/vendor-data'));
    const res = serve(req('/cloud-init/vendor-data'));
    expect(res.headers).toEqual({ 'X-Request-Id': 'abc', 'Content-Type': 'text/plain; charset=utf-8', ETag: vd.etag, 'Content-Length': vd.body.length });
    expect(res.body!.toString()).toBe('#include\nhttp://boot.example:8081/cloud-init/all.yaml\nhttp://boot.example:8081/cloud-init/compute.yaml\n');
  });

  it('accepts what Express routes here: one trailing slash, any query', async () => {
    await viaNest('user-data', request('/cloud-init/user-data', { 'x-forwarded-for': '172.16.0.1' }));
    for (const p of ['/cloud-init/user-data/', '/cloud-init/user-data?x=1', '/cloud-init/user-data/?']) {
      expect(serve(request(p, { 'x-forwarded-for': '172.16.0.1' })).status).toBe(200);
    }
  });

  it('serves the root layout of cloud-init ≥ v1.4 with the same bytes as under /cloud-init', async () => {
    const req = (p: string) => request(p, { 'x-forwarded-for': '172.16.0.1', 'x-request-id': 'abc' });
    for (const kind of ['user-data', 'meta-data', 'vendor-data'] as const) {
      await viaNest(kind, req(`/cloud-init/${kind}`));
      const prefixed = serve(req(`/cloud-init/${kind}`));
      for (const p of [`/${kind}`, `/${kind}/`, `/${kind}?x=1`]) expect(serve(req(p))).toEqual(prefixed);
    }
    for (const p of ['/compute.yaml', '/admin/groups', '/secure/user-data', '/USER-DATA', '//user-data', '/user-data//', '/x/user-data']) {
      expect(serve(req(p)).status).toBeUndefined();
    }
  });

  it('never answers the secure stage, admin or group routes, other methods, other spellings or a request with a body', async () => {
    const xff = { 'x-forwarded-for': '172.16.0.1' };
    await viaNest('user-data', request('/cloud-init/user-data', xff));
    for (const p of ['/cloud-init-secure/user-data', `/cloud-init/${N0.xname}/user-data`, '/cloud-init/compute.yaml', '/cloud-init/admin/groups', '/Cloud-Init/user-data', '/cloud-init//user-data', '/cloud-init/user-data//']) {
      expect(serve(request(p, xff)).status).toBeUndefined();
    }
    expect(serve(request('/cloud-init/user-data', xff, 'HEAD')).status).toBeUndefined();
    expect(serve(request('/cloud-init/user-data', xff, 'POST')).status).toBeUndefined();
    expect(serve(request('/cloud-init/user-data', { ...xff, 'content-length': '2' })).status).toBeUndefined();
    expect(serve(request('/cloud-init/user-data', { ...xff, 'transfer-encoding': 'chunked' })).status).toBeUndefined();
    expect(serve(request('/cloud-init/user-data', { ...xff, 'content-length': '0' })).status).toBe(200);
  });

  it('finds the node with the same client-IP rule as the Nest route (XFF only from a trusted proxy, right to left)', async () => {
    await viaNest('user-data', request('/cloud-init/user-data', { 'x-forwarded-for': '172.16.0.2' }));
    // Untrusted peer 172.16.0.1 (node N0) naming N1 in the header: the header is ignored, so it is N0's
    // answer — not rendered yet, so a fall-through — on both paths.
    const spoof = request('/cloud-init/user-data', { 'x-forwarded-for': '172.16.0.2' }, 'GET', '172.16.0.1');
    expect(serve(spoof).status).toBeUndefined();
    const n0 = await viaNest('user-data', spoof);
    expect(serve(spoof).body).toBe(n0.body);
    // Client-written entries left of the proxy's are ignored: the right-most untrusted one is the client.
    const chain = serve(request('/cloud-init/user-data', { 'x-forwarded-for': '172.16.0.1, 172.16.0.2' }));
    expect(chain.body).toBe((await viaNest('user-data', request('/cloud-init/user-data', { 'x-forwarded-for': '172.16.0.2' }))).body);
    // An address that is no node's: the 422 problem is the Nest route's.
    expect(serve(request('/cloud-init/user-data', { 'x-forwarded-for': '10.9.9.9' })).status).toBeUndefined();
    await expect(viaNest('user-data', request('/cloud-init/user-data', { 'x-forwarded-for': '10.9.9.9' }))).rejects.toMatchObject({ status: 422 });
  });

  it('stops serving when the inventory changes or cloud-init data is written, until the Nest route re-renders', async () => {
    const req = request('/cloud-init/user-data', { 'x-forwarded-for': '172.16.0.1' });
    await viaNest('user-data', req);
    expect(serve(req).status).toBe(200);
    cache.onInventoryChanged();
    expect(serve(req).status).toBeUndefined();
    expect(serve(request('/cloud-init/vendor-data', { 'x-forwarded-for': '172.16.0.1' })).status).toBeUndefined();
    await viaNest('user-data', req);
    expect(serve(req).status).toBe(200);
    cache.invalidateData();
    expect(serve(req).status).toBeUndefined();
    expect(serve(request('/cloud-init/vendor-data', { 'x-forwarded-for': '172.16.0.1' })).status).toBeUndefined();
  });

  it('never caches a render made from data read before a write that finished after the next read', async () => {
    const reads: ((entries: CloudInitEntry[]) => void)[] = [];
    listEntries.mockImplementation(() => new Promise((resolve) => reads.push(resolve)));
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    const n1 = request('/cloud-init/user-data', { 'x-forwarded-for': '172.16.0.2' });
    const stale = viaNest('user-data', n1); // N1's render waits for a read of the entries…
    await settle();
    cache.invalidateData(); // …a write commits meanwhile…
    const n0 = viaNest('user-data', request('/cloud-init/user-data', { 'x-forwarded-for': '172.16.0.1' }));
    await settle();
    expect(reads).toHaveLength(2);
    reads[1]([entry('all', { packages: ['curl', 'jq'] })]); // …and N0's newer read ends first, and is kept.
    await n0;
    reads[0]([entry('all', { packages: ['curl'] })]);
    expect((await stale).body.toString()).not.toContain('jq'); // the old read answers its own request only
    expect(serve(n1).status).toBeUndefined(); // not cached: N1 is rendered again from the kept data
    const fresh = await viaNest('user-data', n1);
    expect(fresh.body.toString()).toContain('jq');
    expect(serve(n1).body).toBe(fresh.body);
  });

  it('answers If-None-Match like Express: 304 without Content-Type, Content-Length or body', async () => {
    const doc = await viaNest('user-data', request('/cloud-init/user-data', { 'x-forwarded-for': '172.16.0.1' }));
    const res = serve(request('/cloud-init/user-data', { 'x-forwarded-for': '172.16.0.1', 'if-none-match': doc.etag, 'x-request-id': 'r1' }));
    expect([res.status, res.headers, res.body]).toEqual([304, { 'X-Request-Id': 'r1', ETag: doc.etag }, undefined]);
    expect(serve(request('/cloud-init/user-data', { 'x-forwarded-for': '172.16.0.1', 'if-none-match': 'W/"other"' })).status).toBe(200);
  });
});

describe('conditionalStatus (Express req.fresh, fresh 2.x, for a weak ETag and no Last-Modified)', () => {
  const etag = 'W/"1f-abc"';
  it.each<[string, IncomingHttpHeaders, 200 | 304 | undefined]>([
    ['unconditional', {}, 200],
    ['matching tag', { 'if-none-match': etag }, 304],
    ['the strong form of our weak tag (weak comparison)', { 'if-none-match': '"1f-abc"' }, 304],
    ['any tag', { 'if-none-match': '*' }, 304],
    ['another tag', { 'if-none-match': 'W/"2-def"' }, 200],
    ['If-Modified-Since alone: never fresh without Last-Modified', { 'if-modified-since': 'Tue, 01 Jan 2030 00:00:00 GMT' }, 200],
    ['If-None-Match wins over If-Modified-Since', { 'if-none-match': etag, 'if-modified-since': 'Tue, 01 Jan 2000 00:00:00 GMT' }, 304],
    ['Cache-Control alone', { 'cache-control': 'no-cache' }, 200],
    ['several tags: left to Express', { 'if-none-match': `"x", ${etag}` }, undefined],
    ['a condition with Cache-Control: left to Express', { 'if-none-match': etag, 'cache-control': 'no-cache' }, undefined],
  ])('%s', (_name, headers, expected) => {
    expect(conditionalStatus(headers, etag)).toBe(expected);
  });
});

describe('nodeRequestOf', () => {
  it('reads the fields the client-IP rule and vendor-data use, with the socket’s scheme', () => {
    const req = request('/x', { 'x-forwarded-for': '10.0.0.1', authorization: 'Bearer t', 'x-forwarded-proto': 'https' }, 'GET', '::ffff:127.0.0.1');
    expect(nodeRequestOf(req)).toEqual<NodeRequest>({ peer: '::ffff:127.0.0.1', forwardedFor: '10.0.0.1', authorization: 'Bearer t', origin: 'http://boot.example:8081' });
    const tls = { ...req, socket: { remoteAddress: '10.0.0.2', encrypted: true } } as unknown as IncomingMessage;
    expect(nodeRequestOf(tls).origin).toBe('https://boot.example:8081');
  });
});
