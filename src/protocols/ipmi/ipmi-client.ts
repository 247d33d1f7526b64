/**
 * The IPMI client engine: one UDP socket, any number of concurrent RMCP+ sessions multiplexed over it by
 * session ID (the FreeIPMI ipmipower model), each with its own retransmit timers. This is what the power,
 * discovery and console drivers use; nothing here knows about the daemon or its database.
 */
import { IpmiError } from './ipmi-error';
import { RMCP_PORT } from './ipmi.constants';
import { getPowerState, PowerState } from './ipmi-commands';
import { IpmiSession, sessionCredentials, SessionOptions } from './ipmi-session';
import { IpmiTransport, TransportStats } from './ipmi-transport';

export interface IpmiTargetOptions extends SessionOptions {
  /** "host" or "host:port"; `port` wins when both are given. */
  host: string;
  port?: number;
  username: string;
  password: string;
  /** BMC key K_g, when the BMC has one (two-key login, §13.31). */
  kg?: string | Buffer;
}

export interface IpmiClientOptions {
  bindAddress?: string;
  /** Defaults for every session (cipher suite, retransmit timing, …). */
  defaults?: SessionOptions;
}

export function parseTarget(host: string, port?: number): { host: string; port: number } {
  const m = /^(.*?)(?::(\d+))?$/.exec(host)!;
  const p = port ?? (m[2] ? Number(m[2]) : RMCP_PORT);
  if (!m[1] || !Number.isInteger(p) || p < 1 || p > 65535) throw new IpmiError('IPMI_INVALID_ARGUMENT', `bad IPMI target ${JSON.stringify(host)}`);
  return { host: m[1], port: p };
}

export class IpmiClient {
  private readonly sessions = new Set<IpmiSession>();

  private constructor(
    private readonly transport: IpmiTransport,
    private readonly defaults: SessionOptions,
  ) {}

  static async create(opts: IpmiClientOptions = {}): Promise<IpmiClient> {
    try {
      return new IpmiClient(await IpmiTransport.open({ bindAddress: opts.bindAddress }), opts.defaults ?? {});
    } catch (err) {
      throw new IpmiError('BMC_UNREACHABLE', `cannot open a UDP socket for IPMI: ${(err as Error).message}`, { cause: err });
    }
  }

  get stats(): TransportStats & { openSessions: number } {
    return { ...this.transport.stats, openSessions: this.sessions.size };
  }

  /** Open an authenticated session (throws IpmiError: BMC_UNREACHABLE, BMC_AUTH_FAILED, BMC_TIMEOUT, …). */
  async openSession(t: IpmiTargetOptions): Promise<IpmiSession> {
    const creds = sessionCredentials(t.username, t.password, t.kg);
    const { host, port } = parseTarget(t.host, t.port);
    const { host: _h, port: _p, username: _u, password: _pw, kg: _kg, ...sessionOpts } = t;
    const session = new IpmiSession(this.transport, host, port, creds, { ...this.defaults, ...sessionOpts });
    this.sessions.add(session);
    try {
      return await session.open();
    } catch (err) {
      this.sessions.delete(session);
      throw err;
    }
  }

  /** Open a session, run `fn`, and always close the session (a lost Close leaves a BMC slot busy). */
  async withSession<T>(t: IpmiTargetOptions, fn: (s: IpmiSession) => Promise<T>): Promise<T> {
    const s = await this.openSession(t);
    try {
      return await fn(s);
    } finally {
      await this.closeSession(s);
    }
  }

  async closeSession(s: IpmiSession): Promise<void> {
    await s.close();
    this.sessions.delete(s);
  }

  /** Power state of one BMC: open, Get Chassis Status, close. */
  powerStatus(t: IpmiTargetOptions): Promise<PowerState> {
    return this.withSession(t, getPowerState);
  }

  /** Close every session still open, then the socket. */
  async close(): Promise<void> {
    await Promise.all([...this.sessions].map((s) => this.closeSession(s)));
    await this.transport.close();
  }
}
