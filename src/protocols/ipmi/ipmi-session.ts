/**
 * The remote-console side of one RMCP+ session: Get Channel Authentication Capabilities (§22.13), Open Session
 * (§13.17), RAKP 1–4 (§13.20–§13.23), Set Session Privilege Level (§22.18), in-session requests and Close
 * Session (§22.19). Every exchange retransmits on a timer with backoff and a bounded number of tries, because
 * UDP loses packets and BMCs drop them under load; a lost Close Session leaves a slot busy on the BMC, so
 * closing retries too. Sessions share one socket (IpmiTransport) and never block each other.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { decodeAuthCapabilities, encodeAuthCapabilitiesRequest, encodeCloseSessionRequest, encodeSetSessionPrivilege } from './app-commands.codec';
import { cipherSuite, CipherSuite } from './cipher-suites';
import { RakpStatus } from './completion-codes';
import { AppCmd, AuthType, NetFn, PayloadType, PRIVILEGE_NAMES, PrivilegeLevel } from './ipmi.constants';
import { IpmiDecodeError, IpmiError, IpmiErrorCode } from './ipmi-error';
import { decodeIpmiResponse, encodeIpmiRequest, IpmiResponse, isResponseFrame } from './ipmi-message.codec';
import { IpmiTransport } from './ipmi-transport';
import { decodeOpenSessionResponse, encodeOpenSessionRequest } from './open-session.codec';
import { SessionCrypto } from './payload-crypto';
import { decodeRakp2, decodeRakp4, encodeRakp1, encodeRakp3, rakp2AuthCode, rakp3AuthCode, rakp4Icv, RakpTranscript, ROLE_NAME_ONLY_LOOKUP } from './rakp.codec';
import { ReplayWindow, SequenceCounter } from './replay-window';
import { decodeRmcpPlusEnvelope, encodeRmcpPlus, isRmcpPlus, openRmcpPlus, peekRmcpPlusSessionId } from './rmcpplus.codec';
import { deriveSessionKeys, userKey } from './session-keys';
import { decodeSessionV15, encodeSessionV15, isSessionV15 } from './session-v15.codec';

export interface SessionOptions {
  /** Cipher suite (§22.15.2); 3 by default, 17 for SHA-256. */
  cipherSuite?: number;
  privilege?: PrivilegeLevel;
  /** First retransmit after this long (default 500 ms), then ×backoff up to maxRetransmitMs. */
  retransmitMs?: number;
  backoff?: number;
  maxRetransmitMs?: number;
  /** Retransmissions per exchange after the first send (default 3). */
  retries?: number;
  /**
   * Session timeout: the whole handshake, and each request, must finish within this (default 20 s, FreeIPMI's
   * default session timeout), whatever the retry schedule would allow.
   */
  timeoutMs?: number;
  /** Skip Get Channel Authentication Capabilities (one round trip fewer for BMCs known to do RMCP+). */
  skipAuthCapabilities?: boolean;
  /**
   * What Open Session asks for (§13.17 byte 2): 'requested' sends `privilege` (FreeIPMI's way), 'highest' sends 0,
   * "the highest level matching the proposed algorithms" (ipmitool's way). Default 'requested'.
   */
  openSessionPrivilege?: 'requested' | 'highest';
  /**
   * Send Get Device ID when nothing was sent for this long, so a BMC does not expire a quiet session
   * (BMCs drop sessions idle ~60 s; a held SOL console is often quiet). Off by default.
   */
  keepAliveMs?: number;
}

export interface SessionCredentials {
  username: Buffer;
  /** K_uid (§13.31): the password NUL-padded to 20 bytes. */
  kuid: Buffer;
  /** K_g, the BMC key, when the BMC has one set (two-key login). */
  kg?: Buffer;
}

type Inbound =
  | { kind: 'v15'; message: Buffer }
  | { kind: 'pre'; payloadType: number; payload: Buffer }
  | { kind: 'session'; payloadType: number; payload: Buffer };

type Waiter = (ev: Inbound) => boolean;

export class IpmiSession {
  readonly consoleSessionId: number;
  readonly target: string;
  bmcSessionId = 0;
  /** Max privilege the BMC reported in the Open Session Response (0 = not reported, the ipmi_sim quirk). */
  reportedMaxPrivilege = 0;
  state: 'opening' | 'active' | 'closed' = 'opening';
  /** Privilege the session runs at once open. */
  privilege: PrivilegeLevel;
  private readonly suite: CipherSuite;
  private readonly opts: Required<Omit<SessionOptions, 'cipherSuite' | 'privilege'>>;
  private crypto?: SessionCrypto;
  private readonly outSeq = new SequenceCounter();
  private readonly inWindow = new ReplayWindow();
  private rqSeq = 0;
  private waiter?: Waiter;
  private abort?: (err: Error) => void;
  private heard = false;
  /** Absolute time by which the current handshake or request must be done. */
  private deadline = Infinity;
  private lastSent = 0;
  private keepAlive?: NodeJS.Timeout;
  private lane: Promise<unknown> = Promise.resolve();
  private payloadHandlers = new Map<number, (payload: Buffer) => void>();

  constructor(
    private readonly transport: IpmiTransport,
    readonly host: string,
    readonly port: number,
    private readonly creds: SessionCredentials,
    opts: SessionOptions = {},
  ) {
    this.suite = cipherSuite(opts.cipherSuite ?? 3);
    this.privilege = opts.privilege ?? 4;
    this.opts = {
      retransmitMs: opts.retransmitMs ?? 500,
      backoff: opts.backoff ?? 2,
      maxRetransmitMs: opts.maxRetransmitMs ?? 2_000,
      retries: opts.retries ?? 3,
      timeoutMs: opts.timeoutMs ?? 20_000,
      keepAliveMs: opts.keepAliveMs ?? 0,
      skipAuthCapabilities: opts.skipAuthCapabilities ?? false,
      openSessionPrivilege: opts.openSessionPrivilege ?? 'requested',
    };
    this.target = `${host}:${port}`;
    this.consoleSessionId = transport.allocateSessionId((d) => this.onDatagram(d));
  }

  /** Run the whole handshake; on failure the session is released and the error is an IpmiError. */
  async open(): Promise<this> {
    // Session-less answers, and error answers too short to name our SIDm (ipmi_sim), come back by address.
    const stopListening = this.transport.listenPeer(this.host, this.port, (d) => this.onDatagram(d));
    this.deadline = Date.now() + this.opts.timeoutMs;
    try {
      if (!this.opts.skipAuthCapabilities) await this.authCapabilities();
      await this.handshake();
    } catch (err) {
      this.release();
      throw err;
    } finally {
      stopListening();
    }
    this.state = 'active';
    try {
      await this.request(NetFn.App, AppCmd.SetSessionPrivilegeLevel, encodeSetSessionPrivilege(this.privilege));
      if (this.opts.keepAliveMs > 0) {
        this.keepAlive = setInterval(() => {
          if (Date.now() - this.lastSent >= this.opts.keepAliveMs) this.request(NetFn.App, AppCmd.GetDeviceId).catch(() => undefined);
        }, Math.max(10, this.opts.keepAliveMs / 2));
        this.keepAlive.unref();
      }
      return this;
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  /** Send a request in the session; resolves with the response data, throws IPMI_COMPLETION_CODE on cc ≠ 0. */
  async request(netFn: number, cmd: number, data: Buffer = Buffer.alloc(0)): Promise<Buffer> {
    const rsp = await this.requestRaw(netFn, cmd, data);
    if (rsp.completionCode !== 0) throw IpmiError.completionCode(rsp.completionCode, netFn, cmd, this.target);
    return rsp.data;
  }

  /** Like request, but hands back non-zero completion codes instead of throwing. One request at a time. */
  requestRaw(netFn: number, cmd: number, data: Buffer = Buffer.alloc(0)): Promise<IpmiResponse> {
    const run = () => {
      if (this.state !== 'active' || !this.crypto) throw new IpmiError('BMC_TIMEOUT', `session with ${this.target} is ${this.state}`, { target: this.target });
      this.rqSeq = (this.rqSeq % 63) + 1;
      const rqSeq = this.rqSeq;
      const message = encodeIpmiRequest({ netFn, cmd, rqSeq, data });
      this.deadline = Date.now() + this.opts.timeoutMs;
      return this.exchange(
        `netFn 0x${netFn.toString(16)} cmd 0x${cmd.toString(16)}`,
        () => this.sealed(PayloadType.Ipmi, message),
        (ev) => {
          if (ev.kind !== 'session' || ev.payloadType !== PayloadType.Ipmi || !isResponseFrame(ev.payload)) return undefined;
          const rsp = decodeIpmiResponse(ev.payload);
          return rsp.rqSeq === rqSeq && rsp.cmd === cmd && rsp.netFn === (netFn | 1) ? rsp : undefined;
        },
      );
    };
    const result = this.lane.then(run, run);
    this.lane = result.catch(() => undefined);
    return result;
  }

  /** Send a non-IPMI payload (SOL) in the session, protected as negotiated; no retransmission here. */
  sendPayload(payloadType: number, payload: Buffer): Promise<boolean> {
    if (this.state !== 'active') return Promise.resolve(false);
    return this.transport.send(this.sealed(payloadType, payload), this.host, this.port);
  }

  /** Receive in-session payloads of one type (SOL); undefined removes the handler. */
  onPayload(payloadType: number, handler: ((payload: Buffer) => void) | undefined): void {
    if (handler) this.payloadHandlers.set(payloadType, handler);
    else this.payloadHandlers.delete(payloadType);
  }

  /** Close Session (bounded retries); never throws — the session is released either way. */
  async close(): Promise<void> {
    if (this.state === 'active') {
      try {
        await this.request(NetFn.App, AppCmd.CloseSession, encodeCloseSessionRequest(this.bmcSessionId));
      } catch {
        // A BMC that never answers will time the session out itself (§22.19 note on session timeout).
      }
    }
    this.release();
  }

  private release(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearInterval(this.keepAlive);
    this.transport.releaseSessionId(this.consoleSessionId);
    this.payloadHandlers.clear();
    this.abort?.(new IpmiError('BMC_TIMEOUT', `session with ${this.target} closed`, { target: this.target }));
  }

  private sealed(payloadType: number, payload: Buffer): Buffer {
    this.lastSent = Date.now();
    return encodeRmcpPlus({ payloadType, sessionId: this.bmcSessionId, sequence: this.outSeq.next(), payload }, this.crypto);
  }

  private async authCapabilities(): Promise<void> {
    const rqSeq = (this.rqSeq = 1);
    const message = encodeIpmiRequest({ netFn: NetFn.App, cmd: AppCmd.GetChannelAuthCapabilities, rqSeq, data: encodeAuthCapabilitiesRequest({ privilege: this.privilege }) });
    const caps = await this.exchange(
      'Get Channel Authentication Capabilities',
      () => encodeSessionV15({ authType: AuthType.None, sequence: 0, sessionId: 0, message }),
      (ev) => {
        const m = ev.kind === 'v15' ? ev.message : ev.kind === 'pre' && ev.payloadType === PayloadType.Ipmi ? ev.payload : undefined;
        if (!m || !isResponseFrame(m)) return undefined;
        const rsp = decodeIpmiResponse(m);
        if (rsp.rqSeq !== rqSeq || rsp.cmd !== AppCmd.GetChannelAuthCapabilities) return undefined;
        if (rsp.completionCode !== 0) throw IpmiError.completionCode(rsp.completionCode, NetFn.App, rsp.cmd, this.target);
        return decodeAuthCapabilities(rsp.data);
      },
    );
    if (!caps.ipmi20) throw new IpmiError('IPMI_SESSION_REFUSED', `${this.target} does not offer IPMI v2.0 / RMCP+ on this channel`, { target: this.target });
  }

  private async handshake(): Promise<void> {
    const { auth, integrity, confidentiality } = this.suite;
    const sidm = this.consoleSessionId;
    const pre = (payloadType: number, payload: Buffer) => () => encodeRmcpPlus({ payloadType, sessionId: 0, sequence: 0, payload });
    const tag = randomBytes(1)[0];
    const open = await this.exchange('Open Session', pre(PayloadType.OpenSessionRequest, encodeOpenSessionRequest({ tag, maxPrivilege: this.opts.openSessionPrivilege === 'highest' ? 0 : this.privilege, consoleSessionId: sidm, auth, integrity, confidentiality })), (ev) =>
      ev.kind === 'pre' && ev.payloadType === PayloadType.OpenSessionResponse ? matchTag(decodeOpenSessionResponse(ev.payload), tag, sidm) : undefined,
    );
    if (open.status !== 0) throw this.refused('Open Session Response', open.status);
    if (open.auth !== auth || open.integrity !== integrity || open.confidentiality !== confidentiality) {
      throw new IpmiError('IPMI_SESSION_REFUSED', `${this.target} answered Open Session with other algorithms than cipher suite ${this.suite.id}`, { target: this.target });
    }
    // §13.18 says this is the highest privilege the session may reach. OpenIPMI's ipmi_sim reports 0 (not a level);
    // treat 0 as "not reported" and let RAKP and Set Session Privilege decide, as FreeIPMI's -W opensesspriv does.
    if (open.maxPrivilege !== 0 && open.maxPrivilege < this.privilege) {
      throw new IpmiError('BMC_AUTH_FAILED', `${this.target} grants at most ${PRIVILEGE_NAMES[open.maxPrivilege]} privilege; ${PRIVILEGE_NAMES[this.privilege]} was requested`, { target: this.target });
    }
    this.bmcSessionId = open.bmcSessionId;
    this.reportedMaxPrivilege = open.maxPrivilege;

    const rm = randomBytes(16);
    const role = ROLE_NAME_ONLY_LOOKUP | this.privilege;
    const username = this.creds.username;
    const tag1 = (tag + 1) & 0xff;
    const r2 = await this.exchange('RAKP 1', pre(PayloadType.Rakp1, encodeRakp1({ tag: tag1, bmcSessionId: this.bmcSessionId, consoleRandom: rm, role, username })), (ev) =>
      ev.kind === 'pre' && ev.payloadType === PayloadType.Rakp2 ? matchTag(decodeRakp2(ev.payload, auth), tag1, sidm) : undefined,
    );
    if (r2.status !== 0) throw this.refused('RAKP 2', r2.status);
    const t: RakpTranscript = { auth, consoleSessionId: sidm, bmcSessionId: this.bmcSessionId, consoleRandom: rm, bmcRandom: r2.bmcRandom, bmcGuid: r2.bmcGuid, role, username };
    const tag3 = (tag + 2) & 0xff;
    if (!equal(rakp2AuthCode(t, this.creds.kuid), r2.authCode)) {
      // §13.22: tell the BMC to drop the half-open session instead of letting it time out.
      void this.transport.send(pre(PayloadType.Rakp3, encodeRakp3({ tag: tag3, status: RakpStatus.InvalidIntegrityCheckValue, bmcSessionId: this.bmcSessionId, authCode: Buffer.alloc(0) }))(), this.host, this.port);
      throw new IpmiError('BMC_AUTH_FAILED', `${this.target} rejected the credentials: password invalid (RAKP 2 auth code mismatch)`, { target: this.target });
    }
    const keys = deriveSessionKeys({ auth, kg: this.creds.kg ?? this.creds.kuid, rm, rc: r2.bmcRandom, role, username });
    const r4 = await this.exchange('RAKP 3', pre(PayloadType.Rakp3, encodeRakp3({ tag: tag3, status: 0, bmcSessionId: this.bmcSessionId, authCode: rakp3AuthCode(t, this.creds.kuid) })), (ev) =>
      ev.kind === 'pre' && ev.payloadType === PayloadType.Rakp4 ? matchTag(decodeRakp4(ev.payload, auth), tag3, sidm) : undefined,
    );
    if (r4.status !== 0) throw this.refused('RAKP 4', r4.status);
    if (!equal(rakp4Icv(t, keys.sik), r4.integrityCheckValue)) {
      throw new IpmiError('BMC_AUTH_FAILED', `${this.target} sent a RAKP 4 integrity check value that does not match (wrong K_g?)`, { target: this.target });
    }
    this.crypto = { integrity, confidentiality, k1: keys.k1, k2: keys.k2 };
  }

  private refused(step: string, status: number): IpmiError {
    const notAuth: number[] = [RakpStatus.InsufficientResources, RakpStatus.InsufficientResourcesForRole, RakpStatus.InvalidAuthenticationAlgorithm, RakpStatus.InvalidIntegrityAlgorithm, RakpStatus.InvalidConfidentialityAlgorithm, RakpStatus.NoCipherSuiteMatch];
    const code: IpmiErrorCode = notAuth.includes(status) ? 'IPMI_SESSION_REFUSED' : 'BMC_AUTH_FAILED';
    return IpmiError.rakpStatus(code, step, status, this.target);
  }

  /**
   * Send `transmit()` until `accept` returns a value, retransmitting with backoff. `accept` sees every datagram
   * routed to this session; undefined means "not mine", a thrown IpmiError ends the exchange with that error.
   */
  private exchange<T>(what: string, transmit: () => Buffer, accept: (ev: Inbound) => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let attempt = 0;
      let timer: NodeJS.Timeout | undefined;
      let sendFailed = false;
      const finish = (fn: () => void) => {
        clearTimeout(timer);
        this.waiter = undefined;
        this.abort = undefined;
        fn();
      };
      this.abort = (err) => finish(() => reject(err));
      this.waiter = (ev) => {
        let value: T | undefined;
        try {
          value = accept(ev);
        } catch (err) {
          if (err instanceof IpmiDecodeError) return this.malformed();
          finish(() => reject(err));
          return true;
        }
        if (value === undefined) return false;
        this.heard = true;
        finish(() => resolve(value));
        return true;
      };
      const fire = () => {
        if (attempt > this.opts.retries || Date.now() >= this.deadline) {
          const code = this.heard ? 'BMC_TIMEOUT' : 'BMC_UNREACHABLE';
          const why = sendFailed ? 'the network refused to send to it' : `no answer after ${attempt} tries`;
          return finish(() => reject(new IpmiError(code, `${what}: ${this.target} ${this.heard ? 'stopped answering' : 'is unreachable'} (${why})`, { target: this.target })));
        }
        const wait = Math.max(1, Math.min(this.opts.retransmitMs * this.opts.backoff ** attempt, this.opts.maxRetransmitMs, this.deadline - Date.now()));
        attempt++;
        void this.transport.send(transmit(), this.host, this.port).then((ok) => (sendFailed ||= !ok));
        timer = setTimeout(fire, wait);
      };
      fire();
    });
  }

  private onDatagram(d: Buffer): void {
    try {
      if (isSessionV15(d)) {
        this.waiter?.({ kind: 'v15', message: decodeSessionV15(d).message });
        return;
      }
      if (!isRmcpPlus(d)) return;
      const sid = peekRmcpPlusSessionId(d);
      if (sid === undefined) return;
      if (sid === 0) {
        const env = decodeRmcpPlusEnvelope(d);
        this.waiter?.({ kind: 'pre', payloadType: env.payloadType, payload: env.payload });
        return;
      }
      if (!this.crypto) return;
      const env = decodeRmcpPlusEnvelope(d, this.crypto.integrity);
      const payload = openRmcpPlus(env, this.crypto);
      if (!this.inWindow.accept(env.sequence)) return; // §6.12.13: replayed or far out of order
      const handler = this.payloadHandlers.get(env.payloadType);
      if (handler) handler(payload);
      else this.waiter?.({ kind: 'session', payloadType: env.payloadType, payload });
    } catch (err) {
      if (!(err instanceof IpmiDecodeError)) throw err;
      this.malformed();
    }
  }

  /** A datagram routed to this session that its decoders refused: counted with the socket's malformed ones. */
  private malformed(): false {
    this.transport.stats.malformed++;
    return false;
  }
}

/** Ours if the tag matches and the SIDm is ours — or unknown (0) on a truncated error answer. */
function matchTag<M extends { tag: number; status: number; consoleSessionId: number }>(m: M, tag: number, sidm: number): M | undefined {
  if (m.tag !== tag) return undefined;
  return m.consoleSessionId === sidm || (m.status !== 0 && m.consoleSessionId === 0) ? m : undefined;
}

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Validate and encode credentials (§13.20: name ≤ 16 bytes; §13.31: password and K_g ≤ 20 bytes). */
export function sessionCredentials(username: string, password: string, kg?: string | Buffer): SessionCredentials {
  const name = Buffer.from(username, 'utf8');
  if (name.length > 16) throw new IpmiError('IPMI_INVALID_ARGUMENT', `IPMI username is ${name.length} bytes; IPMI v2.0 allows at most 16 (§13.20)`);
  const pw = Buffer.from(password, 'utf8');
  if (pw.length > 20) throw new IpmiError('IPMI_INVALID_ARGUMENT', `IPMI password is ${pw.length} bytes; IPMI v2.0 allows at most 20 (§13.31)`);
  const kgBuf = kg === undefined ? undefined : typeof kg === 'string' ? Buffer.from(kg, 'utf8') : kg;
  if (kgBuf && kgBuf.length > 20) throw new IpmiError('IPMI_INVALID_ARGUMENT', `IPMI K_g is ${kgBuf.length} bytes; the limit is 20`);
  return { username: name, kuid: userKey(pw), kg: kgBuf && kgBuf.some((b) => b !== 0) ? userKey(kgBuf) : undefined };
}
