/**
 * Retransmissions and stray RAKP messages in the BMC's session setup (§13.17–§13.23), as real consoles send them:
 * FreeIPMI gives every retransmission a new message tag and drops answers that carry an older one, and session IDs
 * travel in clear text, so anyone on the path can name an established session.
 */
import {
  decodeOpenSessionResponse,
  decodeRakp2,
  decodeRakp4,
  encodeOpenSessionRequest,
  encodeRakp1,
  encodeRakp3,
  rakp3AuthCode,
  userKey,
} from '../../src/protocols/ipmi';
import { bmcFaceConfig } from './bmc-config';
import { BmcSession, handleOpenSession, handleRakp1, handleRakp3, LockoutTracker } from './bmc-session';

const cfg = bmcFaceConfig();
const peer = { address: '127.0.0.1', port: 40000 };
const open = (tag: number) => encodeOpenSessionRequest({ tag, maxPrivilege: 4, consoleSessionId: 0xa0a2a3a4, auth: 1, integrity: 1, confidentiality: 1 });

function handshake() {
  const sessions = new Map<number, BmcSession>();
  const lockout: LockoutTracker = { failures: new Map(), lockedUntil: new Map() };
  const { bmcSessionId } = decodeOpenSessionResponse(handleOpenSession(open(1), peer, sessions, cfg, 0));
  const rakp1 = encodeRakp1({ tag: 2, bmcSessionId, consoleRandom: Buffer.alloc(16, 7), role: 0x14, username: Buffer.from('admin') });
  expect(decodeRakp2(handleRakp1(rakp1, sessions, cfg, lockout, Buffer.alloc(16), 0)!, 1).status).toBe(0);
  const authCode = rakp3AuthCode(sessions.get(bmcSessionId)!.transcript!, userKey('Password123!'));
  const rakp3 = (tag: number) => encodeRakp3({ tag, status: 0, bmcSessionId, authCode });
  expect(decodeRakp4(handleRakp3(rakp3(3), sessions, cfg, lockout, 0)!, 1).status).toBe(0);
  return { sessions, lockout, bmcSessionId, rakp1, rakp3 };
}

describe('BMC session setup', () => {
  it('answers a retransmitted Open Session Request with the same session, under the new message tag', () => {
    const sessions = new Map<number, BmcSession>();
    const first = decodeOpenSessionResponse(handleOpenSession(open(0x5d), peer, sessions, cfg, 0));
    const again = decodeOpenSessionResponse(handleOpenSession(open(0x5e), peer, sessions, cfg, 0));
    expect(again).toMatchObject({ tag: 0x5e, bmcSessionId: first.bmcSessionId, status: 0 });
    expect(sessions.size).toBe(1);
  });

  it('answers a retransmitted RAKP 3 with the same RAKP 4, under the new message tag', () => {
    const { sessions, lockout, rakp3 } = handshake();
    const first = handleRakp3(rakp3(3), sessions, cfg, lockout, 0)!;
    const again = handleRakp3(rakp3(9), sessions, cfg, lockout, 0)!;
    expect(decodeRakp4(again, 1)).toMatchObject({ tag: 9, status: 0, integrityCheckValue: decodeRakp4(first, 1).integrityCheckValue });
  });

  it('never tears down an established session for a RAKP 1 or RAKP 3 that names it', () => {
    const { sessions, lockout, bmcSessionId, rakp1 } = handshake();
    const forged1 = encodeRakp1({ tag: 5, bmcSessionId, consoleRandom: Buffer.alloc(16, 9), role: 0x14, username: Buffer.from('admin') });
    expect(handleRakp1(forged1, sessions, cfg, lockout, Buffer.alloc(16), 0)).toBeUndefined();
    expect(handleRakp1(rakp1, sessions, cfg, lockout, Buffer.alloc(16), 0)).toBeDefined(); // a late retransmission
    expect(handleRakp3(encodeRakp3({ tag: 6, status: 0x0f, bmcSessionId, authCode: Buffer.alloc(0) }), sessions, cfg, lockout, 0)).toBeUndefined();
    expect(handleRakp3(encodeRakp3({ tag: 7, status: 0, bmcSessionId, authCode: Buffer.alloc(20) }), sessions, cfg, lockout, 0)).toBeUndefined();
    expect(sessions.get(bmcSessionId)?.state).toBe('active');
  });
});
