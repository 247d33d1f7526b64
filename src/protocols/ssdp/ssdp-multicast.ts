/**
 * Multicast M-SEARCH for Redfish services on ONE named interface (DSP0266 "Discovery" clause; UPnP Device
 * Architecture 1.1 §1.3.2): the request goes to 239.255.255.250:1900 with TTL 2 (DSP0266's default, so it
 * stays within a router hop of the link) out of that interface only — IP_MULTICAST_IF is set to the
 * interface's IPv4 and the socket is bound to that address, so neither the routing table nor the default
 * interface decides where it goes, and an interface we cannot pin is an error, never a fallback. Services
 * answer unicast to the sender after a random delay of up to MX seconds (UDA 1.1 §1.3.3); answers are
 * collected for MX seconds plus a grace period and deduplicated by the USN's UUID (one BMC may answer from
 * several addresses, and once per copy of the request).
 */
import * as dgram from 'node:dgram';
import * as os from 'node:os';
import { encodeMSearch, parseSsdp, REDFISH_ST, redfishAdvertOf, SSDP_MULTICAST, SSDP_PORT } from './ssdp.codec';
import { SsdpHit } from './ssdp-search';

export interface SsdpMulticastOptions {
  /** Name of the interface to search on (e.g. "eth1"). Required: there is no default interface. */
  interface: string;
  /** MX: seconds a service may wait before answering, 1–5 (UDA 1.1 §1.3.2; default 2, as DSP0266's example). */
  mx?: number;
  /** Extra wait after MX for late or slow answers (default 1000 ms). */
  graceMs?: number;
  /** Destination port of the group (default 1900). */
  port?: number;
  /** Multicast TTL (default 2, DSP0266). */
  ttl?: number;
  /** ST to search for (default the Redfish service type). */
  st?: string;
  /** Copies of the request, spaced 100 ms apart: UDP may drop one (UDA 1.1 §1.3.2). Default 2. */
  copies?: number;
  signal?: AbortSignal;
  /** For tests: the host's interfaces (default os.networkInterfaces()). */
  interfaces?: NodeJS.Dict<os.NetworkInterfaceInfo[]>;
}

export class SsdpInterfaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SsdpInterfaceError';
  }
}

/** IFNAMSIZ is 16 on Linux (15 characters and the NUL); names are plain tokens. */
const IFNAME = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,14}$/;

/**
 * The IPv4 address to send from on `name`: its first non-internal IPv4 address. Throws SsdpInterfaceError
 * when the name is malformed, unknown, loopback-only or has no IPv4 (the caller says which interface; we
 * never guess one).
 */
export function multicastInterfaceAddress(name: string, interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): string {
  if (!IFNAME.test(name)) throw new SsdpInterfaceError(`"${name}" is not an interface name`);
  const addrs = interfaces[name];
  if (!addrs) throw new SsdpInterfaceError(`no interface "${name}" on this host`);
  const v4 = addrs.find((a) => a.family === 'IPv4' && !a.internal);
  if (!v4) throw new SsdpInterfaceError(`interface "${name}" has no IPv4 address (loopback or unconfigured)`);
  return v4.address;
}

function clampMx(mx: number | undefined): number {
  const n = Math.round(mx ?? 2);
  return Math.min(5, Math.max(1, Number.isFinite(n) ? n : 2));
}

export async function ssdpMulticastSearch(opts: SsdpMulticastOptions): Promise<SsdpHit[]> {
  const local = multicastInterfaceAddress(opts.interface, opts.interfaces);
  const mx = clampMx(opts.mx);
  const port = opts.port ?? SSDP_PORT;
  const copies = Math.min(5, Math.max(1, opts.copies ?? 2));
  const socket = dgram.createSocket({ type: 'udp4' });
  const hits = new Map<string, SsdpHit>();
  socket.on('message', (msg, rinfo) => {
    const m = parseSsdp(msg);
    const a = m ? redfishAdvertOf(m) : undefined;
    if (a && !hits.has(a.uuid)) hits.set(a.uuid, { ...a, from: rinfo.address });
  });
  socket.on('error', () => undefined); // an ICMP error for one datagram must not end the search
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, local, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    // Pin the egress before the first send; any failure here aborts the search (no default-route fallback).
    socket.setMulticastInterface(local);
    socket.setMulticastTTL(opts.ttl ?? 2);
    const request = encodeMSearch(opts.st ?? REDFISH_ST, mx, `${SSDP_MULTICAST}:${port}`);
    const deadline = Date.now() + mx * 1000 + (opts.graceMs ?? 1000);
    for (let i = 0; i < copies && !opts.signal?.aborted; i++) {
      if (i > 0) await sleep(100, opts.signal);
      await new Promise<void>((resolve, reject) => socket.send(request, port, SSDP_MULTICAST, (err) => (err ? reject(err) : resolve())));
    }
    await sleep(Math.max(0, deadline - Date.now()), opts.signal);
    return [...hits.values()];
  } finally {
    socket.close();
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
