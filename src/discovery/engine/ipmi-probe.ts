/**
 * Is an IPMI BMC listening on UDP 623? A session-less Get Channel Authentication Capabilities (IPMI v2.0
 * §22.13, sent in an IPMI v1.5 session wrapper with session ID 0 as §13.14 allows), built and parsed with
 * the IPMI core's codecs — the same request ipmitool and FreeIPMI open every session with. A connected UDP
 * socket per probe lets the kernel report ICMP port-unreachable as ECONNREFUSED, so an address without a
 * BMC costs one round trip instead of the whole timeout. One retransmit halfway through the timeout.
 */
import * as dgram from 'node:dgram';
import {
  AppCmd,
  AuthType,
  decodeAuthCapabilities,
  decodeIpmiResponse,
  decodeSessionV15,
  encodeAuthCapabilitiesRequest,
  encodeIpmiRequest,
  encodeSessionV15,
  isResponseFrame,
  isSessionV15,
  NetFn,
  Privilege,
} from '../../protocols/ipmi';

export interface IpmiProbeHit {
  ipmi15: boolean;
  ipmi20: boolean;
}

export function probeIpmi(address: string, port: number, timeoutMs: number): Promise<IpmiProbeHit | undefined> {
  const rqSeq = 0x2a;
  const message = encodeIpmiRequest({ netFn: NetFn.App, cmd: AppCmd.GetChannelAuthCapabilities, rqSeq, data: encodeAuthCapabilitiesRequest({ privilege: Privilege.Administrator }) });
  const datagram = encodeSessionV15({ authType: AuthType.None, sequence: 0, sessionId: 0, message });
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const timers: NodeJS.Timeout[] = [];
    let settled = false;
    const done = (hit: IpmiProbeHit | undefined) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      socket.close();
      resolve(hit);
    };
    socket.on('error', () => done(undefined)); // ECONNREFUSED: ICMP port unreachable
    socket.on('message', (msg) => {
      try {
        if (!isSessionV15(msg)) return;
        const m = decodeSessionV15(msg).message;
        if (!isResponseFrame(m)) return;
        const rsp = decodeIpmiResponse(m);
        if (rsp.cmd !== AppCmd.GetChannelAuthCapabilities || rsp.completionCode !== 0) return;
        const caps = decodeAuthCapabilities(rsp.data);
        done({ ipmi15: caps.ipmi15, ipmi20: caps.ipmi20 });
      } catch {
        // not an answer we understand: keep waiting until the timeout
      }
    });
    socket.connect(port, address, () => {
      const send = () => socket.send(datagram, (err) => err && done(undefined));
      send();
      timers.push(setTimeout(send, Math.max(1, timeoutMs / 2)));
      timers.push(setTimeout(() => done(undefined), timeoutMs));
    });
  });
}
