/**
 * A datagram that is not a DHCP message we can act on. The server counts and drops these
 * (DESIGN.md: malformed packets are never fatal); the `reason` is a short, stable counter key.
 */
export type DhcpDropReason =
  /** Shorter than the fixed header, option runs past the end, bad option length. */
  | 'malformed'
  /** Well-formed but not for a server: a BOOTREPLY, non-Ethernet hardware, plain BOOTP, unknown message type. */
  | 'unsupported';

export class DhcpDecodeError extends Error {
  constructor(
    message: string,
    readonly reason: DhcpDropReason = 'malformed',
  ) {
    super(message);
    this.name = 'DhcpDecodeError';
  }
}
