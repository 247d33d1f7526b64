import * as crypto from 'node:crypto';

/**
 * A document ready to send: the UTF-8 bytes and their entity tag (RFC 9110 §8.8.3), computed once when the
 * document is rendered and cached, not on every request. Express sends a Buffer as is (no charset parsing,
 * no string encoding) and, seeing an ETag header already set, skips hashing the body and answers
 * `If-None-Match` with 304 itself. The tag has Express's default weak format (W/"<length>-<sha1>").
 */
export interface ServedDoc {
  body: Buffer;
  etag: string;
}

export function servedDoc(text: string): ServedDoc {
  const body = Buffer.from(text, 'utf8');
  const hash = crypto.createHash('sha1').update(body).digest('base64').slice(0, 27);
  return { body, etag: `W/"${body.length.toString(16)}-${hash}"` };
}
