/**
 * Just enough HTTP/1.1 (RFC 9112) to read one response on a `Connection: close` exchange: status line,
 * headers, and a body framed by Content-Length, chunked transfer coding (§7.1) or the end of the
 * connection. Used by the sweep's service-root probe; anything malformed is "no answer".
 */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function parseHttpResponse(raw: Buffer): HttpResponse | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const head = raw.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(head[0]);
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) {
    const decoded = dechunk(body);
    if (!decoded) return undefined;
    body = decoded;
  } else if (headers['content-length'] !== undefined) {
    const n = Number(headers['content-length']);
    if (!Number.isInteger(n) || n < 0 || body.length < n) return undefined;
    body = body.subarray(0, n);
  }
  return { status: Number(m[1]), headers, body: body.toString('utf8') };
}

function dechunk(buf: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    const eol = buf.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const size = parseInt(buf.subarray(at, eol).toString('latin1').split(';')[0].trim(), 16);
    if (!Number.isFinite(size) || size < 0) return undefined;
    if (size === 0) return Buffer.concat(parts);
    const start = eol + 2;
    if (buf.length < start + size) return undefined;
    parts.push(buf.subarray(start, start + size));
    at = start + size + 2;
  }
  return undefined;
}
