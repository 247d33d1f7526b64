/**
 * SSDP for the simulated BMCs (DSP0266 Discovery; DMTF's redfishMockupServer -P does the same): one UDP
 * socket per BMC address answering an M-SEARCH for the Redfish ST (or ssdp:all) with the BMC's service-root
 * UUID and URL. Loopback only, like every simulator listener.
 */
import * as dgram from 'node:dgram';
import { encodeSearchResponse, parseSsdp, wantsRedfish } from '../../src/protocols/ssdp';

export interface SsdpAdvertiser {
  address: string;
  uuid: string;
  /** Service root URL (AL). */
  location: string;
}

export class SsdpResponder {
  readonly sockets: dgram.Socket[] = [];
  answered = 0;

  constructor(
    private readonly services: SsdpAdvertiser[],
    readonly port: number,
  ) {}

  async start(): Promise<void> {
    for (const s of this.services) {
      const socket = dgram.createSocket('udp4');
      socket.on('message', (msg, rinfo) => {
        const m = parseSsdp(msg);
        if (!m || !wantsRedfish(m)) return;
        this.answered++;
        socket.send(encodeSearchResponse({ uuid: s.uuid, location: s.location, minor: 15 }), rinfo.port, rinfo.address);
      });
      socket.on('error', () => undefined);
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(this.port, s.address, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      this.sockets.push(socket);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.sockets.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}
