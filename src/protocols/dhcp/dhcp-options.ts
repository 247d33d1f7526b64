/**
 * Option value encodings (RFC 2132 §2: addresses are 4 octets in network order, times are 32-bit
 * unsigned seconds, names are NVT ASCII without a trailing NUL) and the few structured client options.
 */
import { ipToBytes } from './dhcp-packet.codec';

// Replies repeat the same few values (router, DNS, domain, boot file names, lease times, each host's
// name): encoded values are cached. Keys come from config and inventory, not from clients, but an
// inventory may be large, so each cache starts over when full. Cached buffers are never mutated.
const CACHE_LIMIT = 100_000;
function cache<K>(make: (k: K) => Buffer): (k: K) => Buffer {
  const m = new Map<K, Buffer>();
  return (k) => {
    let v = m.get(k);
    if (v === undefined) {
      if (m.size >= CACHE_LIMIT) m.clear();
      v = make(k);
      m.set(k, v);
    }
    return v;
  };
}
const ipValue = cache<string>(ipToBytes);
const textValue = cache<string>((s) => Buffer.from(s, 'latin1'));
const u32Value = cache<number>((n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(Math.max(0, Math.min(0xffffffff, Math.floor(n))));
  return b;
});
const U8 = Array.from({ length: 256 }, (_, i) => Buffer.from([i]));
// Lists from config are the same array object every time: cache them by identity.
const listValues = new WeakMap<readonly string[], Buffer>();

export const optionValue = {
  ip: ipValue,
  ips: (ips: readonly string[]): Buffer => {
    if (ips.length === 1) return ipValue(ips[0]);
    let v = listValues.get(ips);
    if (!v) listValues.set(ips, (v = Buffer.concat(ips.map(ipToBytes))));
    return v;
  },
  u8: (n: number): Buffer => U8[n & 0xff],
  u32: u32Value,
  text: textValue,
};

/**
 * Option 77 user classes. RFC 3004 §4 frames each class as <len><data>; iPXE (and EDK2 HTTP boot)
 * send the bare string "iPXE" instead, which is what coresmd and dnsmasq match on. When the
 * length bytes tile the value exactly we read RFC 3004 framing, otherwise the whole value is one class.
 */
export function parseUserClasses(value: Buffer): string[] {
  const framed: string[] = [];
  let pos = 0;
  while (pos < value.length) {
    const len = value[pos];
    if (len === 0 || pos + 1 + len > value.length) break;
    framed.push(value.toString('latin1', pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  if (pos === value.length && framed.length > 0) return framed;
  return value.length > 0 ? [value.toString('latin1')] : [];
}

/** Option 93 (RFC 4578 §2.1): one or more 16-bit architecture types. */
export function parseClientArch(value: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < value.length; i += 2) out.push(value.readUInt16BE(i));
  return out;
}
