/**
 * TCP connect probe (magellan pkg/scan.go: net.DialTimeout before the Redfish GET). A refused port answers
 * with RST at once; a filtered one costs the whole timeout, which is why the sweep runs many at a time.
 *
 * A /16 is 65,536 connects, nearly all refused. Through net.Socket each one builds a full duplex stream
 * (~180 µs of JavaScript on our 2-core runner: ~5,500 connects/s, slower than nmap -sT); the TCP handle
 * underneath (the same libuv handle net.Socket wraps) does the connect for a fraction of that (~18,000/s).
 * So the sweep uses the handle when the runtime exposes it and falls back to net.Socket otherwise —
 * same syscalls, same result, less garbage.
 */
import * as net from 'node:net';

interface TcpHandle {
  connect(req: unknown, address: string, port: number): number;
  close(cb?: () => void): void;
}
interface TcpWrapBinding {
  TCP: new (type: number) => TcpHandle;
  TCPConnectWrap: new () => { oncomplete?: (status: number) => void; address?: string; port?: number };
  constants: { SOCKET: number };
}

function loadTcpWrap(): TcpWrapBinding | undefined {
  try {
    const b = (process as unknown as { binding(name: string): TcpWrapBinding }).binding('tcp_wrap');
    return typeof b?.TCP === 'function' && typeof b.TCPConnectWrap === 'function' ? b : undefined;
  } catch {
    return undefined;
  }
}

const wrap = process.env.HWCTL_SCAN_PLAIN_SOCKETS === '1' ? undefined : loadTcpWrap();

export function tcpOpen(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return wrap && net.isIPv4(address) ? viaHandle(wrap, address, port, timeoutMs) : viaSocket(address, port, timeoutMs);
}

function viaHandle(b: TcpWrapBinding, address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const handle = new b.TCP(b.constants.SOCKET);
    const req = new b.TCPConnectWrap();
    let settled = false;
    const done = (open: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      handle.close();
      resolve(open);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    req.oncomplete = (status: number) => done(status === 0);
    req.address = address;
    req.port = port;
    if (handle.connect(req, address, port) !== 0) done(false);
  });
}

function viaSocket(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const done = (open: boolean) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined); // a late RST after destroy must not become an uncaught error
      socket.destroy();
      resolve(open);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
