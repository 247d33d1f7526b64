/**
 * Option value encodings (RFC 2132 §2: addresses are 4 octets in network order, times are 32-bit
 * unsigned seconds, names are NVT ASCII without a trailing NUL) and the few structured client options.
 */
import { DhcpOption, IpxeOption } from './dhcp.constants';
import { DhcpDecodeError } from './dhcp-error';
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
 * Encapsulated options: the value of an option that is itself a list of <code><len><data> sub-options,
 * the layout of vendor-specific information (RFC 2132 §8.4) that iPXE uses for option 175 (its
 * `DHCP_ENCAP_OPT` options, found by `find_dhcp_option_with_encap` in iPXE src/net/dhcpopts.c).
 * No End sub-option is written: the option's length bounds the list (dnsmasq's `encap:175,…` sends none
 * either). A value over 255 bytes is split by encodeDhcpPacket (RFC 3396). Codes and lengths come from
 * our own code, so a bad one is a programming error (RangeError), not a client's.
 */
export function encodeSubOptions(subOptions: readonly (readonly [number, Buffer | readonly number[]])[]): Buffer {
  const parts: Buffer[] = [];
  for (const [code, data] of subOptions) {
    const value = Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (!Number.isInteger(code) || code < 1 || code > 254) throw new RangeError(`sub-option code ${code} is not 1..254`);
    if (value.length > 255) throw new RangeError(`sub-option ${code} is ${value.length} bytes, at most 255 fit`);
    parts.push(Buffer.from([code, value.length]), value);
  }
  return Buffer.concat(parts);
}

/** Reads encapsulated options (see encodeSubOptions): pad skipped, End stops, a length past the end throws. */
export function parseSubOptions(value: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let pos = 0;
  while (pos < value.length) {
    const code = value[pos];
    if (code === DhcpOption.Pad) {
      pos += 1;
      continue;
    }
    if (code === DhcpOption.End) break;
    if (pos + 1 >= value.length || pos + 2 + value[pos + 1] > value.length) {
      throw new DhcpDecodeError(`encapsulated option ${code} runs past the end of its option`);
    }
    // A repeated sub-option concatenates, as a repeated option does (RFC 3396 §7).
    const data = value.subarray(pos + 2, pos + 2 + value[pos + 1]);
    const seen = out.get(code);
    out.set(code, seen ? Buffer.concat([seen, data]) : data);
    pos += 2 + value[pos + 1];
  }
  return out;
}

/**
 * Option 175 carrying iPXE's "no PXE DHCP" flag = 1 (IpxeOption.NoPxeDhcp): bytes 176, 1, 1, what
 * dnsmasq sites send with `dhcp-option=tag:ipxe,encap:175,176,1b`. iPXE reads it from the DHCPOFFER and,
 * when non-zero, requests at once instead of waiting for ProxyDHCP offers (src/net/udp/dhcp.c
 * `dhcp_discovery_rx`: leave discovery when "the DHCPOFFER instructs us to ignore ProxyDHCPOFFERs"; else
 * only after PROXYDHCP_MAX_TIMEOUT, 2 s, checked on the retransmission timer, ~3 s in practice).
 */
export const IPXE_NO_PXEDHCP: Buffer = encodeSubOptions([[IpxeOption.NoPxeDhcp, [1]]]);

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
