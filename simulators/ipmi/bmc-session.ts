/**
 * The BMC side of RMCP+ session setup: Open Session (§13.17/§13.18) and RAKP 1–4 (§13.20–§13.23).
 * Each handler takes the decoded request and returns the payload to send back; the endpoint owns sockets.
 * Retransmitted requests (same SIDm / same Rm / same auth code) get the same answer again, because UDP
 * clients resend when an answer is lost and a fresh Rc would desynchronise the keys.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  cipherSuite,
  decodeOpenSessionRequest,
  decodeRakp1,
  decodeRakp3,
  deriveSessionKeys,
  encodeOpenSessionResponse,
  encodeRakp2,
  encodeRakp4,
  Privilege,
  RakpStatus,
  rakp2AuthCode,
  rakp3AuthCode,
  rakp4Icv,
  RakpTranscript,
  ReplayWindow,
  SequenceCounter,
  SessionCrypto,
  userKey,
} from '../../src/protocols/ipmi';
import { BmcFaceConfig, BmcUser } from './bmc-config';

export interface Peer {
  address: string;
  port: number;
}

export interface BmcSession {
  bmcSessionId: number;
  consoleSessionId: number;
  peer: Peer;
  state: 'opened' | 'rakp2-sent' | 'active';
  suiteId: number;
  auth: number;
  integrity: number;
  confidentiality: number;
  /** Privilege asked for in Open Session (0 = highest available). */
  requestedPrivilege: number;
  openResponse: Buffer;
  transcript?: RakpTranscript;
  user?: BmcUser;
  rakp1?: Buffer;
  rakp2?: Buffer;
  rakp3AuthCode?: Buffer;
  rakp4?: Buffer;
  crypto?: SessionCrypto;
  /** Highest privilege this session may reach: min(RAKP role, user's limit). */
  maxPrivilege: number;
  /** Current privilege: sessions start at USER (§22.18; ipmi_sim does the same). */
  privilege: number;
  outSeq: SequenceCounter;
  inWindow: ReplayWindow;
  /** Last few in-session replies by the request's sequence number, to answer a retransmitted duplicate. */
  replies: Map<number, Buffer>;
  lastActivity: number;
}

/** Per-user failure counter for the lockout knob. */
export interface LockoutTracker {
  failures: Map<string, number>;
  lockedUntil: Map<string, number>;
}

/**
 * A cached answer re-sent for a retransmitted request carries that request's message tag (§13.18, §13.21, §13.23:
 * byte 1 echoes the request's tag). FreeIPMI picks a new tag for every retransmission and drops answers to old ones.
 */
function withTag(answer: Buffer, tag: number): Buffer {
  const copy = Buffer.from(answer);
  copy[0] = tag;
  return copy;
}

function allocateSessionId(sessions: Map<number, BmcSession>): number {
  for (let i = 0; i < 100; i++) {
    const id = randomBytes(4).readUInt32LE(0);
    if (id !== 0 && !sessions.has(id)) return id;
  }
  throw new Error('could not allocate a session ID');
}

/** §13.17/§13.18. Returns the response payload; a new session is added to `sessions` on success. */
export function handleOpenSession(payload: Buffer, peer: Peer, sessions: Map<number, BmcSession>, cfg: BmcFaceConfig, now: number): Buffer {
  const req = decodeOpenSessionRequest(payload);
  const refuse = (status: number) =>
    encodeOpenSessionResponse({ ...req, status, maxPrivilege: 0, bmcSessionId: 0, auth: 0, integrity: 0, confidentiality: 0 });
  for (const s of sessions.values()) {
    if (s.consoleSessionId === req.consoleSessionId && s.peer.address === peer.address && s.peer.port === peer.port && s.state === 'opened') {
      return withTag(s.openResponse, req.tag); // a retransmitted request
    }
  }
  const offered = cfg.cipherSuites.map(cipherSuite);
  if (!offered.some((s) => s.auth === req.auth)) return refuse(RakpStatus.InvalidAuthenticationAlgorithm);
  if (!offered.some((s) => s.integrity === req.integrity)) return refuse(RakpStatus.InvalidIntegrityAlgorithm);
  if (!offered.some((s) => s.confidentiality === req.confidentiality)) return refuse(RakpStatus.InvalidConfidentialityAlgorithm);
  const suite = offered.find((s) => s.auth === req.auth && s.integrity === req.integrity && s.confidentiality === req.confidentiality);
  if (!suite) return refuse(RakpStatus.NoCipherSuiteMatch);
  if (req.maxPrivilege > Privilege.Oem) return refuse(RakpStatus.InvalidRole);
  if (sessions.size >= (cfg.faults.maxSessions ?? Infinity)) return refuse(RakpStatus.InsufficientResources);
  const bmcSessionId = allocateSessionId(sessions);
  // Report the level asked for, or ADMIN for "highest": the user is unknown until RAKP 1 names them.
  const maxPrivilege = req.maxPrivilege === 0 ? Privilege.Administrator : req.maxPrivilege;
  const openResponse = encodeOpenSessionResponse({ ...req, status: 0, maxPrivilege, bmcSessionId });
  sessions.set(bmcSessionId, {
    bmcSessionId,
    consoleSessionId: req.consoleSessionId,
    peer,
    state: 'opened',
    suiteId: suite.id,
    auth: req.auth,
    integrity: req.integrity,
    confidentiality: req.confidentiality,
    requestedPrivilege: req.maxPrivilege,
    openResponse,
    maxPrivilege,
    privilege: Privilege.User,
    outSeq: new SequenceCounter(),
    inWindow: new ReplayWindow(),
    replies: new Map(),
    lastActivity: now,
  });
  return openResponse;
}

/** §13.20/§13.21: find the user, check the role, answer with Rc, the BMC GUID and the RAKP 2 auth code. */
export function handleRakp1(payload: Buffer, sessions: Map<number, BmcSession>, cfg: BmcFaceConfig, lockout: LockoutTracker, guid: Buffer, now: number): Buffer | undefined {
  const m = decodeRakp1(payload);
  const session = sessions.get(m.bmcSessionId);
  const answer = (status: number, consoleSessionId: number) =>
    encodeRakp2({ tag: m.tag, status, consoleSessionId, bmcRandom: Buffer.alloc(0), bmcGuid: Buffer.alloc(0), authCode: Buffer.alloc(0) });
  // An established session is never torn down by a RAKP message: its ID travels in clear text, so anyone could.
  // A late retransmission of its RAKP 1 gets the same RAKP 2 (the console ignores it); anything else, nothing.
  if (session?.state === 'active') return session.rakp1?.equals(payload) ? session.rakp2 : undefined;
  if (!session) return answer(RakpStatus.InvalidSessionId, 0);
  const refuse = (status: number) => {
    sessions.delete(session.bmcSessionId);
    return answer(status, session.consoleSessionId);
  };
  if (session.rakp1 && session.rakp2 && session.rakp1.equals(payload)) return session.rakp2;
  const rolePrivilege = m.role & 0x0f;
  if (rolePrivilege < Privilege.Callback || rolePrivilege > Privilege.Oem) return refuse(RakpStatus.InvalidRole);
  const name = m.username.toString('latin1');
  const user = cfg.users.find((u) => u.name === name && u.enabled !== false);
  // A locked-out user looks exactly like an unknown one, as on real BMCs: no oracle for the lockout.
  if (!user || (lockout.lockedUntil.get(name) ?? 0) > now) return refuse(RakpStatus.UnauthorizedName);
  if (rolePrivilege > user.privilege) return refuse(RakpStatus.UnauthorizedRole);
  if (session.requestedPrivilege !== 0 && rolePrivilege > session.requestedPrivilege) return refuse(RakpStatus.UnauthorizedRole);
  const transcript: RakpTranscript = {
    auth: session.auth,
    consoleSessionId: session.consoleSessionId,
    bmcSessionId: session.bmcSessionId,
    consoleRandom: m.consoleRandom,
    bmcRandom: randomBytes(16),
    bmcGuid: guid,
    role: m.role,
    username: m.username,
  };
  const rakp2 = encodeRakp2({
    tag: m.tag,
    status: 0,
    consoleSessionId: session.consoleSessionId,
    bmcRandom: transcript.bmcRandom,
    bmcGuid: guid,
    authCode: rakp2AuthCode(transcript, userKey(user.password)),
  });
  Object.assign(session, { state: 'rakp2-sent', transcript, user, rakp1: Buffer.from(payload), rakp2, maxPrivilege: rolePrivilege, lastActivity: now });
  return rakp2;
}

/**
 * §13.22/§13.23: check the console's proof of the password, then derive SIK/K1/K2 and answer with the ICV.
 * Returns undefined when nothing should be sent (the console aborted with an error status).
 */
export function handleRakp3(payload: Buffer, sessions: Map<number, BmcSession>, cfg: BmcFaceConfig, lockout: LockoutTracker, now: number): Buffer | undefined {
  if (payload.length < 8) return undefined;
  const session = sessions.get(payload.readUInt32LE(4));
  if (!session || !session.transcript || !session.user) {
    return encodeRakp4({ tag: payload[0], status: RakpStatus.InvalidSessionId, consoleSessionId: 0, integrityCheckValue: Buffer.alloc(0) });
  }
  const m = decodeRakp3(payload, session.auth);
  // A retransmitted RAKP 3 gets the same RAKP 4; any other RAKP 3 for an established session is ignored (see RAKP 1).
  if (session.state === 'active') return session.rakp4 && session.rakp3AuthCode?.equals(m.authCode) ? withTag(session.rakp4, m.tag) : undefined;
  if (m.status !== 0) {
    sessions.delete(session.bmcSessionId);
    return undefined;
  }
  const kuid = userKey(session.user.password);
  const expected = rakp3AuthCode(session.transcript, kuid);
  const name = session.user.name;
  if (expected.length !== m.authCode.length || !timingSafeEqual(expected, m.authCode)) {
    sessions.delete(session.bmcSessionId);
    const failures = (lockout.failures.get(name) ?? 0) + 1;
    lockout.failures.set(name, failures);
    if (cfg.faults.lockoutAfter && failures >= cfg.faults.lockoutAfter) {
      lockout.lockedUntil.set(name, now + (cfg.faults.lockoutMs ?? 60_000));
      lockout.failures.delete(name);
    }
    return encodeRakp4({ tag: m.tag, status: RakpStatus.InvalidIntegrityCheckValue, consoleSessionId: session.consoleSessionId, integrityCheckValue: Buffer.alloc(0) });
  }
  lockout.failures.delete(name);
  const t = session.transcript;
  const keys = deriveSessionKeys({ auth: t.auth, kg: kuid, rm: t.consoleRandom, rc: t.bmcRandom, role: t.role, username: t.username });
  const rakp4 = encodeRakp4({ tag: m.tag, status: 0, consoleSessionId: session.consoleSessionId, integrityCheckValue: rakp4Icv(t, keys.sik) });
  Object.assign(session, {
    state: 'active',
    rakp3AuthCode: m.authCode,
    rakp4,
    crypto: { integrity: session.integrity, confidentiality: session.confidentiality, k1: keys.k1, k2: keys.k2 },
    maxPrivilege: Math.min(session.maxPrivilege, session.user.privilege),
    privilege: Math.min(Privilege.User, session.maxPrivilege, session.user.privilege),
    lastActivity: now,
  });
  return rakp4;
}
