/**
 * Basic and session authentication of one simulated BMC (DSP0266 §13.3): Basic on every request, or
 * `X-Auth-Token` from `POST <Sessions>` {UserName, Password} → 201 + Location. A session-slot limit
 * answers 503 like iDRAC's RAC0218 (reference/redfish.md quirk 2), and idle sessions expire.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface RedfishUser {
  username: string;
  password: string;
}

interface Session {
  id: string;
  token: string;
  username: string;
  lastUsed: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  /** Sessions ever created and deleted (tests check that clients clean up). */
  created = 0;
  deleted = 0;

  constructor(
    private readonly users: RedfishUser[],
    public maxSessions: number,
    public timeoutMs: number,
  ) {}

  get active(): number {
    this.expire();
    return this.sessions.size;
  }

  /** True when a Basic header names a known user with the right password. */
  checkBasic(header: string | undefined): boolean {
    const m = /^Basic\s+(.+)$/i.exec(header ?? '');
    if (!m) return false;
    const plain = Buffer.from(m[1], 'base64').toString('utf8');
    const i = plain.indexOf(':');
    return i > 0 && this.matches(plain.slice(0, i), plain.slice(i + 1));
  }

  checkToken(token: string | undefined): boolean {
    if (!token) return false;
    this.expire();
    for (const s of this.sessions.values()) {
      if (s.token === token) {
        s.lastUsed = Date.now();
        return true;
      }
    }
    return false;
  }

  /** 'full' when every slot is taken, 'denied' for bad credentials, else the new session. */
  login(username: unknown, password: unknown): Session | 'denied' | 'full' {
    if (typeof username !== 'string' || typeof password !== 'string' || !this.matches(username, password)) return 'denied';
    this.expire();
    if (this.sessions.size >= this.maxSessions) return 'full';
    const s: Session = { id: randomBytes(8).toString('hex'), token: randomBytes(24).toString('hex'), username, lastUsed: Date.now() };
    this.sessions.set(s.id, s);
    this.created++;
    return s;
  }

  /** Logout: only with that session's own token or Basic credentials. */
  remove(id: string): boolean {
    const ok = this.sessions.delete(id);
    if (ok) this.deleted++;
    return ok;
  }

  get(id: string): Session | undefined {
    this.expire();
    return this.sessions.get(id);
  }

  ids(): string[] {
    this.expire();
    return [...this.sessions.keys()];
  }

  private matches(username: string, password: string): boolean {
    return this.users.some((u) => u.username === username && safeEqual(u.password, password));
  }

  private expire(): void {
    const cutoff = Date.now() - this.timeoutMs;
    for (const [id, s] of this.sessions) if (s.lastUsed < cutoff) this.sessions.delete(id);
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
