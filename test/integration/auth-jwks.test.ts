import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
import request from 'supertest';
import { startTestApp, TestApp } from '../helpers/test-app';

// RS256/ES256 tokens from an identity provider, verified through its JWKS URL (the OpenCHAMI
// opaal/hydra setup). A local HTTP server plays the provider's JWKS endpoint.
describe('JWT from an identity provider (JWKS)', () => {
  let t: TestApp;
  let jwks: http.Server;
  let rsa: KeyPair;
  let ec: KeyPair;
  let stranger: KeyPair;

  beforeAll(async () => {
    rsa = (await generateKeyPair('RS256'));
    ec = (await generateKeyPair('ES256'));
    stranger = (await generateKeyPair('RS256'));
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec1', alg: 'ES256', use: 'sig' },
    ];
    jwks = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys })));
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const port = (jwks.address() as AddressInfo).port;
    t = await startTestApp('sqlite', { HWCTL_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`, HWCTL_JWT_AUDIENCE: 'openchami' });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => jwks.close(r));
  });

  const sign = (key: KeyLike, alg: string, kid: string, claims: Record<string, unknown>, aud = 'openchami') =>
    new SignJWT(claims).setProtectedHeader({ alg, kid }).setAudience(aud).setIssuer('https://idp.example').setIssuedAt().setExpirationTime('5m').sign(key);

  it('accepts RS256 and ES256 tokens signed by the provider', async () => {
    const rs = await sign(rsa.privateKey, 'RS256', 'rsa1', { sub: 'alice', scope: 'read write' });
    const es = await sign(ec.privateKey, 'ES256', 'ec1', { sub: 'bob', scp: ['admin'] });
    await request(t.server).get('/hsm/v2/State/Components').set('Authorization', `Bearer ${rs}`).expect(200);
    await request(t.server).post('/hsm/v2/groups').set('Authorization', `Bearer ${es}`).send({ label: 'idp' }).expect(201);
  });

  it('rejects a wrong audience, a missing sub, an unknown signer, and missing scopes', async () => {
    const wrongAud = await sign(rsa.privateKey, 'RS256', 'rsa1', { sub: 'alice', scope: 'admin' }, 'someone-else');
    const noSub = await sign(rsa.privateKey, 'RS256', 'rsa1', { scope: 'admin' });
    const forged = await sign(stranger.privateKey, 'RS256', 'rsa1', { sub: 'mallory', scope: 'admin' });
    const readOnly = await sign(rsa.privateKey, 'RS256', 'rsa1', { sub: 'carol', scope: 'read' });
    for (const tok of [wrongAud, noSub, forged]) {
      await request(t.server).get('/hsm/v2/State/Components').set('Authorization', `Bearer ${tok}`).expect(401);
    }
    await request(t.server).post('/hsm/v2/groups').set('Authorization', `Bearer ${readOnly}`).send({ label: 'nope' }).expect(403);
  });

  it('still accepts its own HS256 tokens (hwctl token create) for the configured audience', async () => {
    await request(t.server).get('/hsm/v2/groups').set('Authorization', `Bearer ${await t.token('read')}`).expect(200);
  });

  it('ignores a trailing slash like SMD (chi StripSlashes)', async () => {
    const tok = await t.token('read');
    const res = await request(t.server).get('/hsm/v2/Inventory/EthernetInterfaces/').set('Authorization', `Bearer ${tok}`).expect(200);
    expect(res.body).toEqual([]);
  });
});
