import { CIPHER_SUITES, IpmiError, IpmiTargetOptions, parseTarget, Privilege, PrivilegeLevel, sessionCredentials } from '../../protocols/ipmi';
import { usageError } from '../cli-error';

/** The ipmitool-style connection options of `hwctl ipmi`, as commander hands them over. */
export interface IpmiCliOptions {
  /** -H host[:port] */
  host?: string;
  /** -p port (ipmitool's spelling; wins over a port in -H) */
  port?: string;
  /** -U user */
  user?: string;
  /** -P password */
  password?: string;
  /** -E: the password is in $IPMI_PASSWORD */
  envPassword?: boolean;
  /** -C cipher suite */
  cipher?: string;
  /** -L privilege level */
  level?: string;
  /** -I interface: only lanplus exists here; accepted so ipmitool command lines paste unchanged */
  interface?: string;
  /** -N seconds before the first retransmit */
  retransmit?: string;
  /** -R retransmissions */
  retries?: string;
}

const LEVELS: Record<string, PrivilegeLevel> = {
  CALLBACK: Privilege.Callback,
  USER: Privilege.User,
  OPERATOR: Privilege.Operator,
  ADMINISTRATOR: Privilege.Administrator,
  ADMIN: Privilege.Administrator,
  OEM: Privilege.Oem,
};

function wholeNumber(flag: string, v: string, min: number, max: number): number {
  const n = /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!(n >= min && n <= max)) throw usageError(`${flag}: "${v}" is not a whole number from ${min} to ${max}`);
  return n;
}

/**
 * Turns -H/-p/-U/-P/-E/-C/-L/-N/-R into client options. Nothing is sent before these pass, so every mistake is a
 * usage error (exit 2) that names the flag. Like ipmitool, the user defaults to the null user ("") and the
 * password must be given explicitly (-P '' for an empty one), so a forgotten -P is not a confusing auth failure.
 */
export function resolveIpmiTarget(o: IpmiCliOptions, env: NodeJS.ProcessEnv): IpmiTargetOptions {
  if (!o.host) throw usageError('-H: which BMC? e.g. -H 10.0.0.5 or -H 127.0.1.1:6230');
  if (o.interface !== undefined && o.interface !== 'lanplus') throw usageError(`-I: only "lanplus" (IPMI v2.0 / RMCP+) is supported, not "${o.interface}"`);
  let target: { host: string; port: number };
  try {
    target = parseTarget(o.host, o.port === undefined ? undefined : wholeNumber('-p', o.port, 1, 65535));
  } catch (err) {
    if (err instanceof IpmiError) throw usageError(`-H: "${o.host}" is not host or host:port`);
    throw err;
  }
  let password: string;
  if (o.envPassword) {
    if (env.IPMI_PASSWORD === undefined) throw usageError('-E: the IPMI_PASSWORD environment variable is not set');
    password = env.IPMI_PASSWORD;
  } else if (o.password !== undefined) password = o.password;
  else throw usageError("no password: give -P PASSWORD, or -E with IPMI_PASSWORD set (-P '' for an empty one)");
  const username = o.user ?? '';
  try {
    sessionCredentials(username, password); // §13.20 / §13.31 length limits, checked before anything is sent
  } catch (err) {
    if (err instanceof IpmiError) throw usageError(`-U/-P: ${err.message}`);
    throw err;
  }
  const cipherSuite = o.cipher === undefined ? 3 : wholeNumber('-C', o.cipher, 0, 255);
  if (!CIPHER_SUITES[cipherSuite]) throw usageError(`-C: cipher suite ${cipherSuite} is not supported (use one of ${Object.keys(CIPHER_SUITES).join(', ')})`);
  const level = (o.level ?? 'ADMINISTRATOR').toUpperCase();
  const privilege = LEVELS[level];
  if (privilege === undefined) throw usageError(`-L: "${o.level}" is not one of CALLBACK, USER, OPERATOR, ADMINISTRATOR, OEM`);
  // ipmitool's lanplus defaults: first retransmit after 1 s, 4 retries.
  const retransmitMs = (o.retransmit === undefined ? 1 : wholeNumber('-N', o.retransmit, 1, 60)) * 1000;
  const retries = o.retries === undefined ? 4 : wholeNumber('-R', o.retries, 0, 20);
  return {
    ...target,
    username,
    password,
    cipherSuite,
    privilege,
    retransmitMs,
    retries,
    maxRetransmitMs: Math.max(retransmitMs, 2_000),
  };
}
