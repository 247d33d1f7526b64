/**
 * The server side of RFC 2131 §4.3 without any policy: which message gets which kind of reply, and
 * where it goes. *Who* gets *which* address is the backend's decision (hwctl answers from its
 * inventory; a test can answer from a table), so this file has no I/O and no framework.
 */
import { DhcpMessageType } from './dhcp.constants';
import { buildInformReply, buildLeaseReply, buildNak, DhcpLease, DhcpParams, Destination, replyDestination } from './dhcp-reply';
import { DhcpRequest, RequestState, requestState } from './dhcp-request';

export type Awaitable<T> = T | Promise<T>;

/** `f(v)` now when `v` is a plain value, after it settles when it is a promise. */
export function then<T, R>(v: Awaitable<T>, f: (t: T) => R): Awaitable<R> {
  return v instanceof Promise ? v.then(f) : f(v);
}

export type RequestVerdict =
  | { kind: 'ack'; lease: DhcpLease }
  | { kind: 'nak'; message: string }
  | { kind: 'silent'; reason: string };

/** Address policy. Every method may be synchronous (the in-memory fast path) or return a promise. */
export interface DhcpBackend {
  /** DISCOVER: the lease to offer, or undefined to stay silent (unknown client, wrong segment). */
  offer(req: DhcpRequest): Awaitable<DhcpLease | undefined>;
  /**
   * REQUEST for `address` (option 50 when selecting / init-reboot, ciaddr when renewing): ACK, NAK
   * (the client must restart with DISCOVER), or silent (RFC 2131 §4.3.2: no record of an INIT-REBOOT client).
   */
  request(req: DhcpRequest, address: string, state: RequestState): Awaitable<RequestVerdict>;
  /** INFORM: configuration for a client that already has `ciaddr`, or undefined to stay silent. */
  inform(req: DhcpRequest): Awaitable<DhcpParams | undefined>;
  /** RELEASE of `address` (RFC 2131 §4.3.4). No reply is sent. */
  release(req: DhcpRequest, address: string): Awaitable<void>;
  /** DECLINE: `address` is in use by someone else (RFC 2131 §4.3.3). No reply is sent. */
  decline(req: DhcpRequest, address: string): Awaitable<void>;
}

export type DhcpOutcome = 'offer' | 'ack' | 'nak' | 'inform' | 'release' | 'decline' | 'silent';

export interface DhcpResponse {
  outcome: DhcpOutcome;
  /** Why nothing was sent (outcome 'silent'), or the NAK message. */
  reason?: string;
  reply?: { packet: Buffer; to: Destination; type: DhcpMessageType };
}

export interface DhcpResponderOptions {
  serverId: string;
  backend: DhcpBackend;
  ports: { server: number; client: number };
  /** Where broadcast replies go (the interface's directed broadcast address). */
  broadcast: string;
}

export class DhcpResponder {
  constructor(private readonly o: DhcpResponderOptions) {}

  private send(req: DhcpRequest, type: DhcpMessageType, packet: Buffer, outcome: DhcpOutcome, reason?: string): DhcpResponse {
    return { outcome, reason, reply: { packet, type, to: replyDestination(req, type, this.o.ports, this.o.broadcast) } };
  }

  private forOtherServer(req: DhcpRequest): boolean {
    return req.serverId !== undefined && req.serverId !== this.o.serverId;
  }

  /**
   * The response to one client message. Synchronous when the backend answers synchronously (the
   * in-memory path for known nodes, no promise per packet); a promise when the backend does I/O.
   */
  respond(req: DhcpRequest): Awaitable<DhcpResponse> {
    const { backend, serverId } = this.o;
    switch (req.type) {
      case DhcpMessageType.Discover:
        return then(backend.offer(req), (lease) =>
          lease
            ? this.send(req, DhcpMessageType.Offer, buildLeaseReply(req, DhcpMessageType.Offer, serverId, lease), 'offer')
            : { outcome: 'silent', reason: 'no-offer' },
        );
      case DhcpMessageType.Request: {
        // §4.3.2: a REQUEST naming another server means the client declined our offer.
        if (this.forOtherServer(req)) return { outcome: 'silent', reason: 'other-server' };
        const state = requestState(req);
        const address = state === 'renewing' ? req.packet.ciaddr : req.requestedIp;
        if (!state || !address) return { outcome: 'silent', reason: 'no-address-in-request' };
        return then(backend.request(req, address, state), (verdict): DhcpResponse => {
          switch (verdict.kind) {
            case 'ack':
              return this.send(req, DhcpMessageType.Ack, buildLeaseReply(req, DhcpMessageType.Ack, serverId, verdict.lease), 'ack');
            case 'nak':
              return this.send(req, DhcpMessageType.Nak, buildNak(req, serverId, verdict.message), 'nak', verdict.message);
            case 'silent':
              return { outcome: 'silent', reason: verdict.reason };
          }
        });
      }
      case DhcpMessageType.Inform:
        return then(backend.inform(req), (params) =>
          params ? this.send(req, DhcpMessageType.Ack, buildInformReply(req, serverId, params), 'inform') : { outcome: 'silent', reason: 'no-inform' },
        );
      case DhcpMessageType.Release:
        if (this.forOtherServer(req)) return { outcome: 'silent', reason: 'other-server' };
        return then(backend.release(req, req.packet.ciaddr), () => ({ outcome: 'release' }));
      case DhcpMessageType.Decline:
        if (this.forOtherServer(req)) return { outcome: 'silent', reason: 'other-server' };
        if (!req.requestedIp) return { outcome: 'silent', reason: 'no-address-in-decline' };
        return then(backend.decline(req, req.requestedIp), () => ({ outcome: 'decline' }));
      case DhcpMessageType.Offer:
      case DhcpMessageType.Ack:
      case DhcpMessageType.Nak:
        break; // server messages; parseDhcpRequest already refuses them
    }
    return { outcome: 'silent', reason: 'not-a-client-message' };
  }
}
