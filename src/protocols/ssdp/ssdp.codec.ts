/**
 * SSDP as DSP0266's "Discovery" clause uses it (reference/redfish.md §(g)): an M-SEARCH for
 * `urn:dmtf-org:service:redfish-rest:1` (UDP 1900, UPnP Device Architecture 1.1 §1.3), answered with
 * `ST`, `USN: uuid:<ServiceRoot.UUID>::urn:dmtf-org:service:redfish-rest:1[:minor]` and `AL` (the service
 * root URL; some devices send the UPnP `LOCATION` instead, as Lenovo confluent notes). A hint, never a
 * census: the scanner still checks every AL with a GET of the service root.
 */
export const SSDP_PORT = 1900;
export const SSDP_MULTICAST = '239.255.255.250';
export const REDFISH_ST = 'urn:dmtf-org:service:redfish-rest:1';

export interface SsdpMessage {
  kind: 'search' | 'response' | 'notify';
  status?: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
}

export interface RedfishAdvert {
  uuid: string;
  /** The service root URL (AL, else LOCATION). */
  location: string;
  /** Minor version of the Redfish protocol spec the service follows (":<minor>" suffix; 0 when absent). */
  minor: number;
  maxAge?: number;
}

export function encodeMSearch(st = REDFISH_ST, mx = 2, host = `${SSDP_MULTICAST}:${SSDP_PORT}`): Buffer {
  return Buffer.from(`M-SEARCH * HTTP/1.1\r\nHOST: ${host}\r\nMAN: "ssdp:discover"\r\nMX: ${mx}\r\nST: ${st}\r\n\r\n`, 'latin1');
}

/** The 200 OK a Redfish service sends back to an M-SEARCH (USN and AL as DSP0266 requires). */
export function encodeSearchResponse(a: { uuid: string; location: string; minor?: number; maxAge?: number }): Buffer {
  const st = a.minor ? `${REDFISH_ST}:${a.minor}` : REDFISH_ST;
  return Buffer.from(
    `HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=${a.maxAge ?? 1800}\r\nST: ${st}\r\nUSN: uuid:${a.uuid}::${st}\r\nAL: ${a.location}\r\nEXT:\r\n\r\n`,
    'latin1',
  );
}

export function parseSsdp(buf: Buffer): SsdpMessage | undefined {
  const text = buf.toString('latin1');
  const lines = text.split(/\r?\n/);
  const first = lines[0] ?? '';
  let kind: SsdpMessage['kind'];
  let status: number | undefined;
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(first);
  if (m) {
    kind = 'response';
    status = Number(m[1]);
  } else if (/^M-SEARCH \* HTTP\/1\.[01]$/i.test(first.trim())) kind = 'search';
  else if (/^NOTIFY \* HTTP\/1\.[01]$/i.test(first.trim())) kind = 'notify';
  else return undefined;
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    if (l === '') break;
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { kind, status, headers };
}

const USN = /^uuid:([0-9a-f-]+)::urn:dmtf-org:service:redfish-rest:1(?::(\d+))?$/i;

/** A Redfish service announced by a search response or an ssdp:alive NOTIFY, else undefined. */
export function redfishAdvertOf(msg: SsdpMessage): RedfishAdvert | undefined {
  if (msg.kind === 'search' || (msg.kind === 'response' && msg.status !== 200)) return undefined;
  if (msg.kind === 'notify' && (msg.headers.nts ?? '').toLowerCase() !== 'ssdp:alive') return undefined;
  const m = USN.exec(msg.headers.usn ?? '');
  const location = msg.headers.al ?? msg.headers.location;
  if (!m || !location) return undefined;
  const age = /max-age\s*=\s*(\d+)/i.exec(msg.headers['cache-control'] ?? '');
  return { uuid: m[1].toLowerCase(), location, minor: m[2] ? Number(m[2]) : 0, maxAge: age ? Number(age[1]) : undefined };
}

/** Whether a service should answer this M-SEARCH: the Redfish ST (any minor) or ssdp:all. */
export function wantsRedfish(msg: SsdpMessage): boolean {
  if (msg.kind !== 'search' || (msg.headers.man ?? '').replace(/"/g, '') !== 'ssdp:discover') return false;
  const st = msg.headers.st ?? '';
  return st === 'ssdp:all' || st === REDFISH_ST || st.startsWith(`${REDFISH_ST}:`);
}

/**
 * MX of a multicast M-SEARCH: whole seconds a device may wait before answering (UDA 1.1 §1.3.2: required,
 * at least 1; a value above 5 is treated as 5). Undefined when missing or not a whole number ≥ 1: such a
 * multicast search is invalid and is not answered.
 */
export function searchMx(msg: SsdpMessage): number | undefined {
  const raw = (msg.headers.mx ?? '').trim();
  if (!/^\d+$/.test(raw) || Number(raw) < 1) return undefined;
  return Math.min(5, Number(raw));
}
