import * as net from 'node:net';
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
// Comma-separated IPv4/IPv6 addresses or IPv4 CIDRs (e.g. the reverse proxies trusted for X-Forwarded-For).
const ipList = z
  .string()
  .refine(
    (s) => s.split(',').map((e) => e.trim()).filter(Boolean).every((e) => {
      const cidr = /^([^/]+)\/(\d{1,2})$/.exec(e);
      return cidr ? net.isIPv4(cidr[1]) && Number(cidr[2]) <= 32 : net.isIP(e) !== 0;
    }),
    'expected comma-separated IP addresses or IPv4 CIDRs, e.g. 127.0.0.1,10.0.0.0/24',
  );

// DHCP value shapes (HWCTL_DHCP_*).
const ipv4 = z.string().refine((s) => net.isIPv4(s.trim()), 'expected an IPv4 address such as 10.0.0.1').transform((s) => s.trim());
const ipv4List = z
  .string()
  .refine((s) => s.split(',').map((e) => e.trim()).filter(Boolean).every((e) => net.isIPv4(e)), 'expected comma-separated IPv4 addresses');
const ipv4CidrList = z
  .string()
  .refine(
    (s) => s.split(',').map((e) => e.trim()).filter(Boolean).every((e) => /^([^/]+)\/(\d{1,2})$/.test(e) && net.isIPv4(e.split('/')[0]) && Number(e.split('/')[1]) <= 32),
    'expected comma-separated IPv4 CIDRs such as 10.1.0.0/16',
  );
// A boot file name or URL travels in option 67 (max 255 bytes, NVT ASCII): printable, no spaces.
const bootfile = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'expected a file name or URL without spaces (at most 255 characters)');
const v4int = (s: string) => s.split('.').reduce((a, o) => a * 256 + Number(o), 0);
function isNetmask(s: string): boolean {
  const inverted = 2 ** 32 - 1 - v4int(s);
  return ((inverted + 1) & inverted) === 0; // inverted mask is 0b0…01…1
}
function isPoolRange(s: string): boolean {
  const [a, b] = s.split('-').map((e) => e.trim());
  return net.isIPv4(a) && net.isIPv4(b) && v4int(a) <= v4int(b) && v4int(b) - v4int(a) < 65536;
}

export const SECRET_KEYS = new Set(['HWCTL_SECRET_KEY', 'HWCTL_JWT_SECRET', 'HWCTL_DISCOVERY_PASSWORD']);

export const configSchema = z
  .object({
    HWCTL_DATA_DIR: z.string().min(1).default('./data'),
    HWCTL_DATABASE_URL: z
      .string()
      .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'expected sqlite:PATH or postgres://user@host:5432/db')
      .default('sqlite:./data/hwctl.sqlite'),
    HWCTL_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    // SQLite (WAL) durability: normal = no fsync per commit (a power cut may lose the last commits, never
    // half of one); full = fsync every commit (~1–3 ms each here). PostgreSQL has its own settings.
    HWCTL_SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
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
    // cloud-init server: X-Forwarded-For is read only from HWCTL_CLOUDINIT_TRUSTED_PROXIES; node tokens
    // (secure stage) live HWCTL_CLOUDINIT_NODE_TOKEN_TTL; caches re-read at least every HWCTL_CLOUDINIT_CACHE_TTL.
    HWCTL_CLOUDINIT_CLUSTER_NAME: z.string().max(255).default(''),
    HWCTL_CLOUDINIT_BASE_URL: z.string().url().regex(/^https?:\/\//, 'expected an http:// or https:// URL').optional(),
    HWCTL_CLOUDINIT_TRUSTED_PROXIES: ipList.default(''),
    HWCTL_CLOUDINIT_NODE_TOKEN_TTL: duration.refine((v) => !/^0+(ms|s|m|h|d)?$/.test(v), 'must be greater than zero').default('15m'),
    HWCTL_CLOUDINIT_SECURE_REQUIRE_NODE_IP: bool.default(true),
    HWCTL_CLOUDINIT_CACHE_TTL: duration.default('60s'),
    // Boot (BSS-compatible /boot/v1). The advertised URL is what nodes reach us at (iPXE chain, DHCP
    // option 67); it defaults to http://HWCTL_HTTP_HOST:HWCTL_HTTP_PORT.
    HWCTL_BOOT_ADVERTISE_URL: z.string().url().regex(/^https?:\/\//, 'expected an http:// or https:// URL').optional(),
    HWCTL_BOOT_CLOUD_INIT_URL: z.string().url().regex(/^https?:\/\//, 'expected an http:// or https:// URL').optional(),
    HWCTL_BOOT_RETRY_DELAY: duration.default('30s'),
    HWCTL_BOOT_UNKNOWN_DELAY: duration.default('10s'),
    HWCTL_BOOT_CACHE_TTL: duration.default('30s'),
    // TFTP (read-only, for the iPXE binaries).
    HWCTL_TFTP_ENABLED: bool.default(false),
    HWCTL_TFTP_HOST: z.string().ip().default('0.0.0.0'),
    HWCTL_TFTP_PORT: port.default(69),
    HWCTL_TFTP_ROOT: z.string().min(1).default('/usr/lib/ipxe'),
    HWCTL_TFTP_TIMEOUT: duration.default('1s'),
    HWCTL_TFTP_RETRIES: z.coerce.number().int().min(1).max(20).default(5),
    HWCTL_TFTP_MAX_BLKSIZE: z.coerce.number().int().min(512).max(65464).default(65464),
    HWCTL_TFTP_MAX_WINDOWSIZE: z.coerce.number().int().min(1).max(65535).default(64),
    HWCTL_TFTP_MAX_SESSIONS: z.coerce.number().int().min(1).max(65536).default(1024),
    // DHCP server (src/dhcp): off unless an interface is named. Unset addresses default to the
    // interface's own (server id, next-server) or are left out of replies (router, DNS, domain).
    HWCTL_DHCP_INTERFACE: z.string().regex(/^[^\s/]{1,15}$/, 'expected a network interface name such as eth1').optional(),
    HWCTL_DHCP_PORT: port.default(67),
    // 0.0.0.0 is the only bind address that receives broadcasts from clients without an address; a
    // server that only answers relay agents may bind one unicast address instead.
    HWCTL_DHCP_BIND_ADDRESS: ipv4.default('0.0.0.0'),
    HWCTL_DHCP_SERVER_ID: ipv4.optional(),
    HWCTL_DHCP_SUBNET_MASK: ipv4.refine(isNetmask, 'expected a contiguous netmask such as 255.255.255.0').optional(),
    HWCTL_DHCP_ROUTER: ipv4List.optional(),
    HWCTL_DHCP_DNS: ipv4List.optional(),
    HWCTL_DHCP_DOMAIN: z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/, 'expected a DNS domain such as cluster.local').optional(),
    HWCTL_DHCP_LEASE_TIME: duration.default('1h'),
    HWCTL_DHCP_NEXT_SERVER: ipv4.optional(),
    HWCTL_DHCP_TFTP_SERVER: z.string().min(1).max(255).optional(),
    HWCTL_DHCP_BOOTFILE_BIOS: bootfile.default('undionly.kpxe'),
    // BIOS and x86-64 UEFI default to files Debian's `ipxe` package ships in /usr/lib/ipxe (the default
    // HWCTL_TFTP_ROOT); it has no IA32 or ARM builds, so those keep coresmd's names for a site's own files.
    HWCTL_DHCP_BOOTFILE_EFI_IA32: bootfile.default('ipxe-i386.efi'),
    HWCTL_DHCP_BOOTFILE_EFI_X64: bootfile.default('snponly.efi'),
    HWCTL_DHCP_BOOTFILE_EFI_ARM32: bootfile.default('ipxe-arm32.efi'),
    HWCTL_DHCP_BOOTFILE_EFI_ARM64: bootfile.default('ipxe-arm64.efi'),
    HWCTL_DHCP_BOOTFILE_DEFAULT: bootfile.optional(),
    // `always`: iPXE clients (NIC ROMs that are iPXE) load our iPXE binary over TFTP before the bootscript.
    HWCTL_DHCP_IPXE_CHAINLOAD: z.enum(['never', 'always']).default('never'),
    // Option 175.176 = 1 to iPXE clients: no ~3 s wait for ProxyDHCP offers. `false` where a ProxyDHCP/PXE boot server runs beside us.
    HWCTL_DHCP_IPXE_NO_PXEDHCP: bool.default(true),
    HWCTL_DHCP_NODE_HOSTNAME: z.string().min(1).max(63).default('nid{04d}'),
    HWCTL_DHCP_BMC_HOSTNAME: z.string().max(63).default('{id}'),
    HWCTL_DHCP_RELAY_SUBNETS: ipv4CidrList.optional(),
    HWCTL_DHCP_UNKNOWN_POLICY: z.enum(['ignore', 'pool']).default('ignore'),
    HWCTL_DHCP_POOL: z.string().regex(/^\s*\d+\.\d+\.\d+\.\d+\s*-\s*\d+\.\d+\.\d+\.\d+\s*$/, 'expected a range such as 10.0.0.100-10.0.0.199').refine(isPoolRange, 'expected two IPv4 addresses, the first not after the second, at most 65536 addresses').optional(),
    HWCTL_DHCP_POOL_LEASE_TIME: duration.default('5m'),
    HWCTL_DHCP_POOL_BOOTFILE: bootfile.optional(),
    // Discovery (src/discovery): scan sweep, Redfish collect client, rediscovery schedule. Ports and
    // targets are comma-separated; the BMC password is a secret (sealed in the inventory once used).
    HWCTL_DISCOVERY_PORTS: z.string().regex(/^\s*\d{1,5}(\s*,\s*\d{1,5})*\s*$/, 'expected comma-separated ports such as 443,8443').refine((s) => s.split(',').every((p) => Number(p) >= 1 && Number(p) <= 65535), 'ports are 1-65535').default('443'),
    HWCTL_DISCOVERY_SCHEME: z.enum(['https', 'http']).default('https'),
    HWCTL_DISCOVERY_TIMEOUT: duration.default('1s'),
    HWCTL_DISCOVERY_CONCURRENCY: z.coerce.number().int().min(1).max(16384).default(512),
    HWCTL_DISCOVERY_COLLECT_CONCURRENCY: z.coerce.number().int().min(1).max(4096).default(64),
    HWCTL_DISCOVERY_PER_BMC_INFLIGHT: z.coerce.number().int().min(1).max(3).default(2),
    HWCTL_DISCOVERY_GLOBAL_INFLIGHT: z.coerce.number().int().min(1).max(16384).default(256),
    // Worker threads that run collect walks (0 = in the main thread; unset = one per CPU beyond the first, at most 4).
    HWCTL_DISCOVERY_WALK_THREADS: z.coerce.number().int().min(0).max(16).optional(),
    HWCTL_DISCOVERY_REQUEST_TIMEOUT: duration.default('15s'),
    HWCTL_DISCOVERY_BMC_DEADLINE: duration.default('120s'),
    HWCTL_DISCOVERY_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
    HWCTL_DISCOVERY_AUTH: z.enum(['basic', 'session']).default('basic'),
    HWCTL_DISCOVERY_TLS_VERIFY: bool.default(false),
    HWCTL_DISCOVERY_CA_FILE: z.string().min(1).optional(),
    HWCTL_DISCOVERY_USERNAME: z.string().min(1).max(128).optional(),
    HWCTL_DISCOVERY_PASSWORD: z.string().min(1).max(1024).optional(),
    HWCTL_DISCOVERY_IPMI: bool.default(true),
    HWCTL_DISCOVERY_IPMI_PORT: port.default(623),
    HWCTL_DISCOVERY_XNAME_MAP_FILE: z.string().min(1).optional(),
    HWCTL_DISCOVERY_UNMAPPED: z.enum(['generate', 'skip']).default('generate'),
    HWCTL_DISCOVERY_SCHEDULER: bool.default(true),
    HWCTL_DISCOVERY_SCHEDULER_TICK: duration.default('10s'),
    HWCTL_DISCOVERY_SCHEDULE_TARGETS: z.string().optional(),
    HWCTL_DISCOVERY_SCHEDULE_INTERVAL: duration.optional(),
    HWCTL_DISCOVERY_SCHEDULE_CRON: z.string().min(9).max(128).optional(),
    HWCTL_DISCOVERY_SCHEDULE_COLLECT: bool.default(true),
    HWCTL_DISCOVERY_REPLICA_ID: z.string().min(1).max(128).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.HWCTL_DHCP_UNKNOWN_POLICY === 'pool' && !c.HWCTL_DHCP_POOL) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['HWCTL_DHCP_POOL'], message: 'required when HWCTL_DHCP_UNKNOWN_POLICY=pool' });
    }
  });

export type RawConfig = z.infer<typeof configSchema>;
