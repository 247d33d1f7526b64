import { parseHttpResponse } from './http-response';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('parseHttpResponse', () => {
  it('reads a Content-Length body', () => {
    expect(parseHttpResponse(b('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}extra'))).toEqual({ status: 200, headers: { 'content-type': 'application/json', 'content-length': '2' }, body: '{}' });
  });

  it('reads a chunked body and a body ended by the connection', () => {
    expect(parseHttpResponse(b('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{"a\r\n4;ext=1\r\n":1}\r\n0\r\n\r\n'))?.body).toBe('{"a":1}');
    expect(parseHttpResponse(b('HTTP/1.0 401 Unauthorized\r\n\r\nnope'))).toMatchObject({ status: 401, body: 'nope' });
  });

  it.each([['SSH-2.0-OpenSSH\r\n'], ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort'], ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'], ['HTTP/1.1 200 OK\r\n']])('refuses %j', (raw) => {
    expect(parseHttpResponse(b(raw))).toBeUndefined();
  });
});
