import { describeHttpError, describeNetworkError } from './api-error';

describe('describeHttpError', () => {
  it.each([
    [404, '{"type":"about:blank","title":"Not Found","detail":"no such xname.","status":404}', '404 Not Found: no such xname.'],
    [409, '{"type":"about:blank","title":"Conflict","status":409,"detail":"MAC de:ad:be:ef:00:01 already exists"}', '409 Conflict: MAC de:ad:be:ef:00:01 already exists'],
    [400, '{"title":"Bad Request","status":400,"detail":"nodes[3].xname:\\n  invalid"}', '400 Bad Request: nodes[3].xname: invalid'],
    [403, '{"status":403}', '403 Forbidden'],
    [401, '{"title":"Unauthorized","detail":"Unauthorized"}', '401 Unauthorized'],
    [500, '{"code":500,"message":"db down"}', '500 Internal Server Error: db down'],
    [502, '<!DOCTYPE html><html><body>Bad gateway</body></html>', '502 Bad Gateway'],
    [503, 'upstream connect error\nmore', '503 Service Unavailable: upstream connect error'],
    [418, '', "418 I'm a Teapot"],
    [599, '[1,2]', '599 Error: [1,2]'],
  ])('%d %s → %s', (status, body, message) => {
    expect(describeHttpError(status, body).message).toBe(message);
  });

  it('cuts a long plain-text body to one short line', () => {
    expect(describeHttpError(500, 'x'.repeat(1000)).message.length).toBeLessThan(240);
  });
});

describe('describeNetworkError', () => {
  const url = 'http://10.0.0.1:27780';
  const coded = (code: string) => Object.assign(new Error(code), { code });

  it.each([
    [coded('ECONNREFUSED'), 'cannot reach hwctld at http://10.0.0.1:27780: connection refused (is it running? set --url or HWCTL_URL)'],
    [coded('ENOTFOUND'), 'cannot reach hwctld at http://10.0.0.1:27780: host not found (is it running? set --url or HWCTL_URL)'],
    [new Error('fetch failed', { cause: coded('EHOSTUNREACH') }), 'cannot reach hwctld at http://10.0.0.1:27780: host unreachable (is it running? set --url or HWCTL_URL)'],
    [coded('UND_ERR_HEADERS_TIMEOUT'), 'hwctld at http://10.0.0.1:27780 did not answer within 5s (raise --timeout?)'],
    [Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), 'hwctld at http://10.0.0.1:27780 did not answer within 5s (raise --timeout?)'],
  ])('%s', (err, message) => {
    const e = describeNetworkError(err, url, 5);
    expect(e?.message).toBe(message);
    expect(e?.exitCode).toBe(3);
  });

  it('leaves other errors alone (a bug is not "unreachable")', () => {
    expect(describeNetworkError(new TypeError('x is undefined'), url, 5)).toBeUndefined();
  });
});
