/**
 * SSDP for simulated BMCs on a real link (DSP0266 "Discovery" clause): joins 239.255.255.250 on ONE named
 * interface and answers a multicast M-SEARCH for the Redfish ST (any minor) or ssdp:all with a unicast
 * 200 OK per service — USN uuid:<ServiceRoot.UUID>, AL = the service root — sent from the service's own
 * address after a random delay of at most MX seconds (UPnP Device Architecture 1.1 §1.3.3 spreads the
 * answers so the searcher is not flooded). A search without a valid MX is not answered (UDA 1.1 §1.3.2).
 *
 * Only for interfaces that cannot reach a real network (a veth inside a namespace made for the test): a
 * responder answers whoever asks on that link. The loopback-only unicast responder is ssdp-responder.ts.
 */
import * as dgram from 'node:dgram';
import * as os from 'node:os';
import { encodeSearchResponse, multicastInterfaceAddress, parseSsdp, searchMx, SSDP_MULTICAST, SSDP_PORT, SsdpMessage, wantsRedfish } from '../../src/protocols/ssdp';
import type { SsdpAdvertiser } from './ssdp-responder';

export interface SsdpMulticastResponderOptions {
  /** Interface to join the group on (its IPv4 is the membership address). */
  interface: string;
  /** One answer per service; each address must be local (the answer is sent from it). */
  services: SsdpAdvertiser[];
  /** Group port (default 1900). */
  port?: number;
  /** Redfish protocol minor version to advertise (":<minor>" on ST and USN; default 15). */
  minor?: number;
  random?: () => number;
  /** For tests: the host's interfaces. */
  interfaces?: NodeJS.Dict<os.NetworkInterfaceInfo[]>;
}

/** Milliseconds to wait before answering this message, or undefined when it is not a search we answer. */
export function answerDelayMs(msg: SsdpMessage, random: () => number = Math.random): number | undefined {
  if (!wantsRedfish(msg)) return undefined;
  const mx = searchMx(msg);
  if (mx === undefined) return undefined;
  return Math.floor(random() * mx * 1000);
}

export class SsdpMulticastResponder {
  answered = 0;
  private listener?: dgram.Socket;
  private readonly senders: dgram.Socket[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly o: SsdpMulticastResponderOptions) {}

  async start(): Promise<void> {
    const local = multicastInterfaceAddress(this.o.interface, this.o.interfaces);
    const port = this.o.port ?? SSDP_PORT;
    try {
      // One sender per service, bound to its address: the answer's source is the BMC, as on a real link.
      for (const s of this.o.services) this.senders.push(await bound(dgram.createSocket('udp4'), 0, s.address));
      // Bound to the group address, so only datagrams sent to the group reach this socket (not unicast to
      // port 1900, not other groups another socket of this host joined); the membership is on one interface.
      const listener = await bound(dgram.createSocket({ type: 'udp4', reuseAddr: true }), port, SSDP_MULTICAST);
      this.listener = listener;
      listener.addMembership(SSDP_MULTICAST, local);
      listener.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  private onMessage(buf: Buffer, rinfo: dgram.RemoteInfo): void {
    const msg = parseSsdp(buf);
    if (!msg) return;
    this.o.services.forEach((s, i) => {
      const delay = answerDelayMs(msg, this.o.random); // each service draws its own delay, as separate BMCs would
      if (delay === undefined) return;
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.answered++;
        this.senders[i]?.send(encodeSearchResponse({ uuid: s.uuid, location: s.location, minor: this.o.minor ?? 15 }), rinfo.port, rinfo.address);
      }, delay);
      this.timers.add(t);
    });
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const sockets = [...this.senders.splice(0), ...(this.listener ? [this.listener] : [])];
    this.listener = undefined;
    await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

function bound(socket: dgram.Socket, port: number, address: string): Promise<dgram.Socket> {
  socket.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      socket.close();
      reject(err);
    };
    socket.once('error', fail);
    socket.bind(port, address, () => {
      socket.off('error', fail);
      resolve(socket);
    });
  });
}
