import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { RedfishError } from '../../protocols/redfish';
import { WorkerWalker } from './bmc-walker';

describe('WorkerWalker', () => {
  // The worker compiles itself from sources through ts-node here (the daemon runs compiled JavaScript).
  jest.setTimeout(60_000);

  it('starts its thread on warm(), walks a BMC there and returns plain data', async () => {
    const server = http.createServer((req, res) => {
      const body: Record<string, unknown> = req.url === '/redfish/v1/' ? { RedfishVersion: '1.6.0', UUID: 'u-1', Systems: { '@odata.id': '/redfish/v1/Systems' } } : { Members: [] };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const walker = WorkerWalker.create({ retries: 0, requestTimeoutMs: 2000 }, 1)!;
    try {
      expect(walker).toBeInstanceOf(WorkerWalker);
      await walker.warm();
      const inv = await walker.walk({ host: '127.0.0.1', port, scheme: 'http' }, { address: '127.0.0.1', port });
      expect(inv).toMatchObject({ redfishVersion: '1.6.0', serviceUuid: 'u-1', systems: [] });
    } finally {
      await walker.close();
      server.close();
    }
  });

  it('rejects with the RedfishError the worker met, code and target kept', async () => {
    const walker = WorkerWalker.create({ retries: 0, requestTimeoutMs: 1000 }, 1)!;
    try {
      const err = (await walker.walk({ host: '127.0.0.1', port: 9, scheme: 'http' }, { address: '127.0.0.1', port: 9 }).catch((e: unknown) => e)) as RedfishError;
      expect(err).toBeInstanceOf(RedfishError);
      expect(err.code).toBe('BMC_UNREACHABLE');
      expect(err.target).toBe('127.0.0.1:9');
    } finally {
      await walker.close();
    }
  });
});
