import * as net from 'node:net';
import { AddressInfo } from 'node:net';
import { tcpOpen } from './tcp-probe';

describe('tcpOpen', () => {
  it('says open for a listener and closed for a refused port, hundreds at a time', async () => {
    const s = net.createServer((c) => c.destroy());
    await new Promise<void>((r) => s.listen(0, '127.43.1.1', () => r()));
    const port = (s.address() as AddressInfo).port;
    try {
      expect(await tcpOpen('127.43.1.1', port, 1000)).toBe(true);
      expect(await tcpOpen('127.43.1.2', port, 1000)).toBe(false);
      // Hundreds at once, no leak of handles or unhandled errors.
      const many = await Promise.all(Array.from({ length: 300 }, (_, i) => tcpOpen(`127.43.2.${(i % 250) + 1}`, port, 1000)));
      expect(many.every((o) => o === false)).toBe(true);
    } finally {
      s.close();
    }
  });
});
