import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from './config.loader';

describe('loadConfig', () => {
  it('gives laptop defaults', () => {
    const c = loadConfig({}, '/srv/hwctl');
    expect(c.database).toEqual({ type: 'sqlite', path: '/srv/hwctl/data/hwctl.sqlite' });
    expect(c.http).toEqual({ host: '127.0.0.1', port: 27780, bodyLimit: '1mb' });
    expect(c.secrets.keyFile).toBe('/srv/hwctl/data/secret.key');
    expect(c.auth.enabled).toBe(true);
    expect(c.auth.defaultTtlSeconds).toBe(86400);
  });

  it.each([
    ['sqlite:/var/lib/hwctl/db.sqlite', { type: 'sqlite', path: '/var/lib/hwctl/db.sqlite' }],
    ['sqlite:rel/db.sqlite', { type: 'sqlite', path: '/srv/rel/db.sqlite' }],
    ['postgres://hwctl@db:5432/hwctl', { type: 'postgres', url: 'postgres://hwctl@db:5432/hwctl', poolSize: 10 }],
  ])('parses HWCTL_DATABASE_URL=%s', (url, expected) => {
    expect(loadConfig({ HWCTL_DATABASE_URL: url }, '/srv').database).toEqual(expected);
  });

  it('names every bad key at once, without echoing secret values', () => {
    let err: ConfigError | undefined;
    try {
      loadConfig({ HWCTL_HTTP_PORT: '99999', HWCTL_DATABASE_URL: 'mysql://x', HWCTL_JWT_SECRET: 'short-secret-value', HWCTL_HTTP_PROT: '1' });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toContain('HWCTL_HTTP_PORT');
    expect(err!.message).toContain('HWCTL_DATABASE_URL');
    expect(err!.message).toContain('HWCTL_JWT_SECRET');
    expect(err!.message).toContain('HWCTL_HTTP_PROT');
    expect(err!.message).not.toContain('short-secret-value');
  });

  it('reads a YAML file named by HWCTL_CONFIG, with the environment winning', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-cfg-'));
    const file = path.join(dir, 'hwctl.yaml');
    fs.writeFileSync(file, 'HWCTL_HTTP_PORT: 8080\nHWCTL_HTTP_HOST: 0.0.0.0\n');
    const c = loadConfig({ HWCTL_CONFIG: file, HWCTL_HTTP_HOST: '10.0.0.1' });
    expect(c.http.port).toBe(8080);
    expect(c.http.host).toBe('10.0.0.1');
    fs.writeFileSync(file, 'HWCTL_HTTP_PORT: [1\n');
    expect(() => loadConfig({ HWCTL_CONFIG: file })).toThrow(/HWCTL_CONFIG/);
    expect(() => loadConfig({ HWCTL_CONFIG: path.join(dir, 'missing.yaml') })).toThrow(/ENOENT/);
    fs.rmSync(dir, { recursive: true });
  });
});
