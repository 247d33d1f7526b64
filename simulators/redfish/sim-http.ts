/** Request/response shapes shared by the simulator's server layer and its faces (fleet, mockup). */

export interface SimRequest {
  method: string;
  /** Path as sent, percent-encoding kept, no query. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  /** The simulated BMC address the request reached. */
  address: string;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string verbatim (with the content type from headers). */
  body?: unknown;
}

/** Something that answers the resource part of one BMC's Redfish service. */
export interface RedfishFace {
  /** ServiceRoot.UUID (for the SSDP USN). */
  readonly serviceUuid?: string;
  /** Where this service keeps sessions (ServiceRoot.Links.Sessions). */
  readonly sessionsPath: string;
  handle(req: SimRequest): SimResponse | Promise<SimResponse>;
}

/** A path without its trailing slash (the root stays "/"). */
export function trimSlash(p: string): string {
  const t = p.replace(/\/+$/, '');
  return t === '' ? '/' : t;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): SimResponse => ({ status, body, headers });

/** A Redfish error response (DSP0266 §9.6) with a Base registry message. */
export function redfishError(status: number, messageId: string, message: string): SimResponse {
  return json(
    {
      error: {
        code: `Base.1.8.${messageId}`,
        message,
        '@Message.ExtendedInfo': [{ '@odata.type': '#Message.v1_1_1.Message', MessageId: `Base.1.8.${messageId}`, Message: message, Severity: 'Critical' }],
      },
    },
    status,
  );
}
