import * as path from 'node:path';
import { RawConfig } from './config.schema';
import { parseDuration } from '../common/duration';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string; poolSize: number };

/** The validated configuration, grouped by subsystem. Secrets stay out of toString/JSON (see redact). */
export interface HwctlConfig {
  dataDir: string;
  database: DatabaseConfig;
  http: { host: string; port: number; bodyLimit: string };
  secrets: { key?: string; keyFile: string };
  auth: {
    enabled: boolean;
    jwtSecret?: string;
    jwtSecretFile: string;
    issuer: string;
    audience: string;
    jwksUrl?: string;
    defaultTtlSeconds: number;
  };
  log: { level: RawConfig['HWCTL_LOG_LEVEL']; format: RawConfig['HWCTL_LOG_FORMAT'] };
}

export function toHwctlConfig(raw: RawConfig, cwd: string = process.cwd()): HwctlConfig {
  const dataDir = path.resolve(cwd, raw.HWCTL_DATA_DIR);
  return {
    dataDir,
    database: databaseConfig(raw, cwd),
    http: { host: raw.HWCTL_HTTP_HOST, port: raw.HWCTL_HTTP_PORT, bodyLimit: raw.HWCTL_HTTP_BODY_LIMIT },
    secrets: {
      key: raw.HWCTL_SECRET_KEY,
      keyFile: path.resolve(cwd, raw.HWCTL_SECRET_KEY_FILE ?? path.join(dataDir, 'secret.key')),
    },
    auth: {
      enabled: raw.HWCTL_AUTH_ENABLED,
      jwtSecret: raw.HWCTL_JWT_SECRET,
      jwtSecretFile: path.resolve(cwd, raw.HWCTL_JWT_SECRET_FILE ?? path.join(dataDir, 'jwt.secret')),
      issuer: raw.HWCTL_JWT_ISSUER,
      audience: raw.HWCTL_JWT_AUDIENCE,
      jwksUrl: raw.HWCTL_JWKS_URL,
      defaultTtlSeconds: parseDuration(raw.HWCTL_TOKEN_DEFAULT_TTL),
    },
    log: { level: raw.HWCTL_LOG_LEVEL, format: raw.HWCTL_LOG_FORMAT },
  };
}

function databaseConfig(raw: RawConfig, cwd: string): DatabaseConfig {
  const url = raw.HWCTL_DATABASE_URL;
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    return { type: 'sqlite', path: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  return { type: 'postgres', url, poolSize: raw.HWCTL_DATABASE_POOL_SIZE };
}
