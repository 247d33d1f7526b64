import { z } from 'zod';

// One typed schema for every HWCTL_* setting (STYLE.md §9). Values arrive as strings (env) or
// scalars (config file); each is coerced and validated here so a bad value stops start-up with
// a message naming the key. Secrets are marked so they are never echoed back in errors or logs.

const port = z.coerce.number().int().min(1).max(65535);
const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes' || v === 'on');
const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)?$/, 'expected a duration such as 500ms, 30s, 15m, 24h, 7d')
  .or(z.number().int().nonnegative().transform(String));

export const SECRET_KEYS = new Set(['HWCTL_SECRET_KEY', 'HWCTL_JWT_SECRET']);

export const configSchema = z
  .object({
    HWCTL_DATA_DIR: z.string().min(1).default('./data'),
    HWCTL_DATABASE_URL: z
      .string()
      .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'expected sqlite:PATH or postgres://user@host:5432/db')
      .default('sqlite:./data/hwctl.sqlite'),
    HWCTL_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    HWCTL_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    HWCTL_HTTP_PORT: port.default(27780),
    HWCTL_HTTP_BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'expected a size such as 512kb or 1mb')
      .default('1mb'),
    HWCTL_SECRET_KEY: z
      .string()
      .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'expected 32 bytes as 64 hex characters or base64')
      .optional(),
    HWCTL_SECRET_KEY_FILE: z.string().min(1).optional(),
    HWCTL_AUTH_ENABLED: bool.default(true),
    HWCTL_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    HWCTL_JWT_SECRET_FILE: z.string().min(1).optional(),
    HWCTL_JWT_ISSUER: z.string().min(1).default('hwctl'),
    HWCTL_JWT_AUDIENCE: z.string().min(1).default('hwctl'),
    HWCTL_JWKS_URL: z.string().url().optional(),
    HWCTL_TOKEN_DEFAULT_TTL: duration.default('24h'),
    HWCTL_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
    HWCTL_LOG_FORMAT: z.enum(['auto', 'json', 'text']).default('auto'),
  })
  .strict();

export type RawConfig = z.infer<typeof configSchema>;
