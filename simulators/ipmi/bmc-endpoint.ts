/**
 * One simulated BMC's IPMI face: everything that arrives on its address:port goes through `handleDatagram`.
 * It answers ASF presence pings, session-less IPMI v1.5 / RMCP+ requests (auth capabilities, cipher suites),
 * the RMCP+ handshake, and in-session IPMI and SOL payloads. It never throws on a bad packet: malformed
 * datagrams are counted and dropped (DESIGN.md "malformed packets are counted and dropped, never fatal").
 */
import {
  AuthType,
  decodeAsfMessage,
  decodeIpmiRequest,
  decodeRmcpHeader,
  decodeRmcpPlusEnvelope,
  decodeSessionV15,
  encodeAsfPong,
  encodeIpmiResponse,
  encodeRmcpPlus,
  encodeSessionV15,
  IpmiDecodeError,
  isResponseFrame,
  isRmcpPlus,
  isSessionV15,
  openRmcpPlus,
  PayloadType,
  peekRmcpPlusSessionId,
  responseTo,
  RmcpClass,
} from '../../src/protocols/ipmi';
import { MachineState } from '../fleet/machine-state';
import { BmcFaceConfig } from './bmc-config';
import { CommandContext, handleCommand, SOL_PAYLOAD_SIZE } from './bmc-commands';
import { BmcSession, handleOpenSession, handleRakp1, handleRakp3, LockoutTracker, Peer } from './bmc-session';
import { SolChannel } from './bmc-sol';

export interface EndpointStats {
  received: number;
  malformed: number;
  /** Well-formed but refused: unknown session, failed integrity, replayed sequence number. */
  rejected: number;
  sessionsOpened: number;
}

export type SendFn = (datagram: Buffer, peer: Peer) => void;

export class BmcEndpoint {
  readonly sessions = new Map<number, BmcSession>();
  readonly stats: EndpointStats = { received: 0, malformed: 0, rejected: 0, sessionsOpened: 0 };
  private readonly lockout: LockoutTracker = { failures: new Map(), lockedUntil: new Map() };
  private readonly bootParams = new Map<number, Buffer>();
  private sol?: { session: BmcSession; channel: SolChannel };

  constructor(
    readonly address: string,
    readonly port: number,
    readonly machine: MachineState,
    readonly cfg: BmcFaceConfig,
    private readonly send: SendFn,
    private readonly now: () => number = Date.now,
  ) {}

  get guid(): Buffer {
    return this.machine.identity.guid;
  }

  handleDatagram(buf: Buffer, peer: Peer): void {
    this.stats.received++;
    try {
      this.dispatch(buf, peer);
    } catch (err) {
      if (err instanceof IpmiDecodeError) this.stats.malformed++;
      else throw err;
    }
  }

  /**
   * Drop sessions idle longer than the session timeout (and their SOL). Half-open handshakes go after at most
   * 10 s: ipmitool and FreeIPMI abandon them silently on a wrong password, and they would hold slots for a minute.
   */
  sweep(): void {
    const limit = this.cfg.faults.sessionTimeoutMs ?? 60_000;
    const now = this.now();
    for (const s of this.sessions.values()) {
      if (now - s.lastActivity > (s.state === 'active' ? limit : Math.min(limit, 10_000))) this.closeSession(s.bmcSessionId);
    }
  }

  close(): void {
    for (const id of [...this.sessions.keys()]) this.closeSession(id);
  }

  private dispatch(buf: Buffer, peer: Peer): void {
    const header = decodeRmcpHeader(buf);
    if (header.isAck) return;
    if (header.messageClass === RmcpClass.Asf) {
      const msg = decodeAsfMessage(buf);
      // ASF 2.0 §3.2.4.3: Supported Entities 81h = IPMI supported, ASF version 1.0.
      if (msg.type === 'ping') this.send(encodeAsfPong({ tag: msg.tag, ipmiSupported: true, asfVersion: 1, supportedInteractions: 0 }), peer);
      return;
    }
    if (isSessionV15(buf)) return this.handleV15(buf, peer);
    if (!isRmcpPlus(buf)) throw new IpmiDecodeError('not an IPMI message');
    const sessionId = peekRmcpPlusSessionId(buf);
    if (sessionId === 0) return this.handlePreSession(buf, peer);
    const session = sessionId === undefined ? undefined : this.sessions.get(sessionId);
    if (!session || session.state !== 'active' || !session.crypto) {
      this.stats.rejected++;
      return;
    }
    const env = decodeRmcpPlusEnvelope(buf, session.integrity);
    const payload = openRmcpPlus(env, session.crypto);
    // §6.12.13: the sequence number counts only once the packet proved it came from the session's owner.
    const verdict = session.inWindow.check(env.sequence);
    if (verdict !== 'new') {
      this.stats.rejected++;
      // A client that retransmits with the same number (our answer was lost) gets the same answer again,
      // without the command running twice; anything else that repeats is a replay and is dropped.
      const cached = verdict === 'duplicate' && env.payloadType === PayloadType.Ipmi ? session.replies.get(env.sequence) : undefined;
      if (cached) this.send(cached, peer);
      return;
    }
    session.lastActivity = this.now();
    session.peer = peer;
    if (env.payloadType === PayloadType.Ipmi) return this.handleIpmi(payload, session, peer, env.sequence);
    if (env.payloadType === PayloadType.Sol && this.sol?.session === session) this.sol.channel.handle(payload);
  }

  /** IPMI v1.5 framing is answered only outside a session (Get Channel Auth Capabilities, §22.13). */
  private handleV15(buf: Buffer, peer: Peer): void {
    const pkt = decodeSessionV15(buf);
    if (pkt.authType !== AuthType.None || pkt.sessionId !== 0 || isResponseFrame(pkt.message)) return;
    const req = decodeIpmiRequest(pkt.message);
    const result = handleCommand(req, this.context(undefined));
    if (!result) return;
    const message = encodeIpmiResponse(responseTo(req, result.cc, result.data));
    this.send(encodeSessionV15({ authType: AuthType.None, sequence: 0, sessionId: 0, message }), peer);
  }

  private handlePreSession(buf: Buffer, peer: Peer): void {
    const env = decodeRmcpPlusEnvelope(buf);
    if (env.authenticated || env.encrypted) throw new IpmiDecodeError('RMCP+: protected packet without a session');
    const now = this.now();
    const reply = (payloadType: number, payload: Buffer | undefined) => {
      if (payload) this.send(encodeRmcpPlus({ payloadType, sessionId: 0, sequence: 0, payload }), peer);
    };
    switch (env.payloadType) {
      case PayloadType.OpenSessionRequest: {
        const before = this.sessions.size;
        reply(PayloadType.OpenSessionResponse, handleOpenSession(env.payload, peer, this.sessions, this.cfg, now));
        if (this.sessions.size > before) this.stats.sessionsOpened++;
        return;
      }
      case PayloadType.Rakp1:
        return reply(PayloadType.Rakp2, handleRakp1(env.payload, this.sessions, this.cfg, this.lockout, this.guid, now));
      case PayloadType.Rakp3:
        return reply(PayloadType.Rakp4, handleRakp3(env.payload, this.sessions, this.cfg, this.lockout, now));
      case PayloadType.Ipmi: {
        // Session-less RMCP+ IPMI request: ipmitool asks Get Channel Cipher Suites this way.
        if (isResponseFrame(env.payload)) return;
        const req = decodeIpmiRequest(env.payload);
        const result = handleCommand(req, this.context(undefined));
        if (result) reply(PayloadType.Ipmi, encodeIpmiResponse(responseTo(req, result.cc, result.data)));
        return;
      }
      default:
        this.stats.rejected++;
    }
  }

  private handleIpmi(payload: Buffer, session: BmcSession, peer: Peer, sequence: number): void {
    if (isResponseFrame(payload)) return;
    const req = decodeIpmiRequest(payload);
    const result = handleCommand(req, this.context(session));
    if (!result) return;
    const datagram = this.sendInSession(session, PayloadType.Ipmi, encodeIpmiResponse(responseTo(req, result.cc, result.data)), peer);
    session.replies.set(sequence, datagram);
    if (session.replies.size > 8) session.replies.delete(session.replies.keys().next().value!);
    result.afterReply?.();
  }

  private sendInSession(session: BmcSession, payloadType: number, payload: Buffer, peer: Peer = session.peer): Buffer {
    const datagram = encodeRmcpPlus({ payloadType, sessionId: session.consoleSessionId, sequence: session.outSeq.next(), payload }, session.crypto);
    this.send(datagram, peer);
    return datagram;
  }

  private closeSession(bmcSessionId: number): void {
    if (this.sol?.session.bmcSessionId === bmcSessionId) this.deactivateSol();
    this.sessions.delete(bmcSessionId);
  }

  private deactivateSol(): void {
    this.sol?.channel.stop();
    this.sol = undefined;
  }

  private context(session: BmcSession | undefined): CommandContext {
    return {
      machine: this.machine,
      cfg: this.cfg,
      address: this.address,
      port: this.port,
      guid: this.guid,
      session,
      bootParams: this.bootParams,
      sessionCount: () => [...this.sessions.values()].filter((s) => s.state === 'active').length,
      hasSession: (id) => this.sessions.has(id),
      closeSession: (id) => this.closeSession(id),
      solOwner: () => this.sol?.session,
      activateSol: (s) => {
        const channel = new SolChannel(this.machine.console, (p) => this.sendInSession(s, PayloadType.Sol, p), { maxData: SOL_PAYLOAD_SIZE - 4 });
        this.sol = { session: s, channel };
      },
      deactivateSol: () => this.deactivateSol(),
    };
  }
}
