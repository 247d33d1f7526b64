/**
 * Coded IPMI errors (DESIGN.md "Errors"): the driver edge maps these codes to HTTP problems once.
 * Protocol code stays framework-free, so this is a plain Error subclass, not the Nest-side HwctlError.
 */
import { completionCodeMeaning, rakpStatusMeaning } from './completion-codes';

export type IpmiErrorCode =
  /** Nothing answered at all (no Get Channel Auth Capabilities / Open Session reply), or the socket failed. */
  | 'BMC_UNREACHABLE'
  /** The BMC refused the user, the password, the role or the cipher suite (RAKP failure). */
  | 'BMC_AUTH_FAILED'
  /** The BMC answered before, but a request or the whole session ran out of time. */
  | 'BMC_TIMEOUT'
  /** The BMC answered a command with a non-zero completion code (§5.2). */
  | 'IPMI_COMPLETION_CODE'
  /** The BMC refused a session for a reason that is not about credentials (e.g. no free session slot). */
  | 'IPMI_SESSION_REFUSED'
  /** The caller passed something IPMI cannot carry (e.g. a 17-byte username). */
  | 'IPMI_INVALID_ARGUMENT';

export interface IpmiErrorDetails {
  /** Completion code (§5.2) when code is IPMI_COMPLETION_CODE. */
  completionCode?: number;
  /** RMCP+ status (§13.24) when a session step was refused. */
  rakpStatus?: number;
  /** Human words for completionCode or rakpStatus. */
  meaning?: string;
  /** "host:port" of the BMC, for logs (never a credential). */
  target?: string;
  cause?: unknown;
}

export class IpmiError extends Error {
  readonly completionCode?: number;
  readonly rakpStatus?: number;
  readonly meaning?: string;
  readonly target?: string;

  constructor(
    readonly code: IpmiErrorCode,
    message: string,
    details: IpmiErrorDetails = {},
  ) {
    super(message, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = 'IpmiError';
    this.completionCode = details.completionCode;
    this.rakpStatus = details.rakpStatus;
    this.meaning = details.meaning;
    this.target = details.target;
  }

  /** A command answered with completion code `cc`; the meaning is looked up per command (§5.2). */
  static completionCode(cc: number, netFn: number, cmd: number, target?: string): IpmiError {
    const meaning = completionCodeMeaning(cc, netFn, cmd);
    const hex = (n: number) => n.toString(16).padStart(2, '0');
    return new IpmiError(
      'IPMI_COMPLETION_CODE',
      `BMC${target ? ` ${target}` : ''} answered netFn 0x${hex(netFn)} cmd 0x${hex(cmd)} with completion code 0x${hex(cc)}: ${meaning}`,
      { completionCode: cc, meaning, target },
    );
  }

  /** A session step (Open Session, RAKP 2, RAKP 4) came back with a non-zero status (§13.24). */
  static rakpStatus(code: IpmiErrorCode, step: string, status: number, target?: string): IpmiError {
    const meaning = rakpStatusMeaning(status);
    return new IpmiError(code, `${step} from ${target ?? 'BMC'} reports status 0x${status.toString(16)}: ${meaning}`, {
      rakpStatus: status,
      meaning,
      target,
    });
  }
}

/**
 * A datagram that does not parse. Decoders throw it; the socket owners (client engine, simulator) catch it,
 * count the packet as malformed and drop it — a bad packet is never fatal.
 */
export class IpmiDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpmiDecodeError';
  }
}
