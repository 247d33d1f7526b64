import * as os from 'node:os';
import * as path from 'node:path';
import { RawConfig } from './config.schema';
import { parseDuration } from '../common/duration';

/** `synchronous` of an SQLite database in WAL mode (https://sqlite.org/pragma.html#pragma_synchronous); absent = normal. */
export type SqliteSync = 'normal' | 'full';
export type DatabaseConfig = { type: 'sqlite'; path: string; synchronous?: SqliteSync } | { type: 'postgres'; url: string; poolSize: number };

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
  /** BSS-compatible boot: URLs are without a trailing slash; delays and TTL in whole seconds. */
  boot: { advertiseUrl: string; cloudInitUrl: string; retryDelaySeconds: number; unknownDelaySeconds: number; cacheTtlSeconds: number };
  tftp: {
    enabled: boolean;
    host: string;
    port: number;
    root: string;
    /** Retransmit timeout when the client does not negotiate one (RFC 2349). */
    timeoutMs: number;
    retries: number;
    maxBlksize: number;
    maxWindowsize: number;
    maxSessions: number;
  };
  /** The cloud-init server (/cloud-init, /cloud-init-secure). */
  cloudInit: {
    clusterName: string;
    baseUrl?: string;
    trustedProxies: string[];
    nodeTokenTtlSeconds: number;
    secureRequireNodeIp: boolean;
    /** How long cached inventory and cloud-init data may be served before a re-read (0: only on change events). */
    cacheTtlSeconds: number;
  };
  /** The DHCP server (src/dhcp). `interface` unset = off. Times in whole seconds. */
  dhcp: DhcpConfig;
  /** Discovery (src/discovery): times in milliseconds. */
  discovery: DiscoveryConfig;
}

export interface DiscoveryConfig {
  ports: number[];
  scheme: 'https' | 'http';
  /** Per-address step timeout of the sweep (TCP connect, service-root GET, RMCP probe). */
  timeoutMs: number;
  concurrency: number;
  collectConcurrency: number;
  perBmcInFlight: number;
  globalInFlight: number;
  /** Worker threads for collect walks; 0 = in-thread. */
  walkThreads: number;
  requestTimeoutMs: number;
  bmcDeadlineMs: number;
  retries: number;
  auth: 'basic' | 'session';
  tlsVerify: boolean;
  caFile?: string;
  username?: string;
  password?: string;
  ipmi: boolean;
  ipmiPort: number;
  xnameMapFile?: string;
  unmapped: 'generate' | 'skip';
  scheduler: boolean;
  schedulerTickMs: number;
  schedule?: { targets: string[]; intervalSeconds?: number; cron?: string; collect: boolean };
  replicaId: string;
}

export interface DhcpConfig {
  interface?: string;
  port: number;
  bindAddress: string;
  serverId?: string;
  subnetMask?: string;
  routers: string[];
  dns: string[];
  domain?: string;
  leaseSeconds: number;
  nextServer?: string;
  tftpServer?: string;
  /** Option 67 by option 93 architecture (RFC 4578); `default` when the client sends no option 93. */
  bootfiles: { bios: string; efiIa32: string; efiX64: string; efiArm32: string; efiArm64: string; default?: string };
  /** `always`: an iPXE client gets the binary above first, the bootscript URL once it chained it (src/dhcp/policy/ipxe-chainload.ts). */
  ipxeChainload: 'never' | 'always';
  /** Tell iPXE clients not to wait for ProxyDHCP offers (option 175.176; src/dhcp/policy/ipxe-no-pxedhcp.ts). */
  ipxeNoPxeDhcp: boolean;
  /** coresmd-style patterns: `{04d}` = zero-padded NID, `{id}` = xname (reference §5). */
  nodeHostname: string;
  bmcHostname: string;
  relaySubnets: { network: string; prefix: number }[];
  unknownPolicy: 'ignore' | 'pool';
  pool?: { first: string; last: string };
  poolLeaseSeconds: number;
  /** What an unknown iPXE client is told to load; unset = the bootscript URL (BSS unknown-node loop). */
  poolBootfile?: string;
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
    boot: bootConfig(raw),
    tftp: {
      enabled: raw.HWCTL_TFTP_ENABLED,
      host: raw.HWCTL_TFTP_HOST,
      port: raw.HWCTL_TFTP_PORT,
      root: path.resolve(cwd, raw.HWCTL_TFTP_ROOT),
      timeoutMs: Math.max(100, Math.round(parseDuration(raw.HWCTL_TFTP_TIMEOUT) * 1000)),
      retries: raw.HWCTL_TFTP_RETRIES,
      maxBlksize: raw.HWCTL_TFTP_MAX_BLKSIZE,
      maxWindowsize: raw.HWCTL_TFTP_MAX_WINDOWSIZE,
      maxSessions: raw.HWCTL_TFTP_MAX_SESSIONS,
    },
    cloudInit: {
      clusterName: raw.HWCTL_CLOUDINIT_CLUSTER_NAME,
      baseUrl: raw.HWCTL_CLOUDINIT_BASE_URL?.replace(/\/+$/, ''),
      trustedProxies: raw.HWCTL_CLOUDINIT_TRUSTED_PROXIES.split(',').map((e) => e.trim()).filter(Boolean),
      nodeTokenTtlSeconds: parseDuration(raw.HWCTL_CLOUDINIT_NODE_TOKEN_TTL),
      secureRequireNodeIp: raw.HWCTL_CLOUDINIT_SECURE_REQUIRE_NODE_IP,
      cacheTtlSeconds: parseDuration(raw.HWCTL_CLOUDINIT_CACHE_TTL),
    },
    dhcp: dhcpConfig(raw),
    discovery: discoveryConfig(raw, cwd),
  };
}

function discoveryConfig(raw: RawConfig, cwd: string): DiscoveryConfig {
  const ms = (d: string) => Math.round(parseDuration(d) * 1000);
  const targets = (raw.HWCTL_DISCOVERY_SCHEDULE_TARGETS ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  const every = raw.HWCTL_DISCOVERY_SCHEDULE_INTERVAL ? Math.round(parseDuration(raw.HWCTL_DISCOVERY_SCHEDULE_INTERVAL)) : undefined;
  return {
    ports: raw.HWCTL_DISCOVERY_PORTS.split(',').map((p) => Number(p.trim())),
    scheme: raw.HWCTL_DISCOVERY_SCHEME,
    timeoutMs: ms(raw.HWCTL_DISCOVERY_TIMEOUT),
    concurrency: raw.HWCTL_DISCOVERY_CONCURRENCY,
    collectConcurrency: raw.HWCTL_DISCOVERY_COLLECT_CONCURRENCY,
    perBmcInFlight: raw.HWCTL_DISCOVERY_PER_BMC_INFLIGHT,
    globalInFlight: raw.HWCTL_DISCOVERY_GLOBAL_INFLIGHT,
    walkThreads: raw.HWCTL_DISCOVERY_WALK_THREADS ?? Math.min(4, os.availableParallelism() - 1),
    requestTimeoutMs: ms(raw.HWCTL_DISCOVERY_REQUEST_TIMEOUT),
    bmcDeadlineMs: ms(raw.HWCTL_DISCOVERY_BMC_DEADLINE),
    retries: raw.HWCTL_DISCOVERY_RETRIES,
    auth: raw.HWCTL_DISCOVERY_AUTH,
    tlsVerify: raw.HWCTL_DISCOVERY_TLS_VERIFY,
    caFile: raw.HWCTL_DISCOVERY_CA_FILE ? path.resolve(cwd, raw.HWCTL_DISCOVERY_CA_FILE) : undefined,
    username: raw.HWCTL_DISCOVERY_USERNAME,
    password: raw.HWCTL_DISCOVERY_PASSWORD,
    ipmi: raw.HWCTL_DISCOVERY_IPMI,
    ipmiPort: raw.HWCTL_DISCOVERY_IPMI_PORT,
    xnameMapFile: raw.HWCTL_DISCOVERY_XNAME_MAP_FILE ? path.resolve(cwd, raw.HWCTL_DISCOVERY_XNAME_MAP_FILE) : undefined,
    unmapped: raw.HWCTL_DISCOVERY_UNMAPPED,
    scheduler: raw.HWCTL_DISCOVERY_SCHEDULER,
    schedulerTickMs: Math.max(1000, ms(raw.HWCTL_DISCOVERY_SCHEDULER_TICK)),
    schedule: targets.length && (every || raw.HWCTL_DISCOVERY_SCHEDULE_CRON)
      ? { targets, intervalSeconds: every, cron: raw.HWCTL_DISCOVERY_SCHEDULE_CRON, collect: raw.HWCTL_DISCOVERY_SCHEDULE_COLLECT }
      : undefined,
    replicaId: raw.HWCTL_DISCOVERY_REPLICA_ID ?? `${os.hostname()}:${process.pid}`,
  };
}

function dhcpConfig(raw: RawConfig): DhcpConfig {
  const list = (s?: string) => (s ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  const [first, last] = (raw.HWCTL_DHCP_POOL ?? '').split('-').map((e) => e.trim());
  return {
    interface: raw.HWCTL_DHCP_INTERFACE,
    port: raw.HWCTL_DHCP_PORT,
    bindAddress: raw.HWCTL_DHCP_BIND_ADDRESS,
    serverId: raw.HWCTL_DHCP_SERVER_ID,
    subnetMask: raw.HWCTL_DHCP_SUBNET_MASK,
    routers: list(raw.HWCTL_DHCP_ROUTER),
    dns: list(raw.HWCTL_DHCP_DNS),
    domain: raw.HWCTL_DHCP_DOMAIN,
    leaseSeconds: Math.round(parseDuration(raw.HWCTL_DHCP_LEASE_TIME)),
    nextServer: raw.HWCTL_DHCP_NEXT_SERVER,
    tftpServer: raw.HWCTL_DHCP_TFTP_SERVER,
    bootfiles: {
      bios: raw.HWCTL_DHCP_BOOTFILE_BIOS,
      efiIa32: raw.HWCTL_DHCP_BOOTFILE_EFI_IA32,
      efiX64: raw.HWCTL_DHCP_BOOTFILE_EFI_X64,
      efiArm32: raw.HWCTL_DHCP_BOOTFILE_EFI_ARM32,
      efiArm64: raw.HWCTL_DHCP_BOOTFILE_EFI_ARM64,
      default: raw.HWCTL_DHCP_BOOTFILE_DEFAULT,
    },
    ipxeChainload: raw.HWCTL_DHCP_IPXE_CHAINLOAD,
    ipxeNoPxeDhcp: raw.HWCTL_DHCP_IPXE_NO_PXEDHCP,
    nodeHostname: raw.HWCTL_DHCP_NODE_HOSTNAME,
    bmcHostname: raw.HWCTL_DHCP_BMC_HOSTNAME,
    relaySubnets: list(raw.HWCTL_DHCP_RELAY_SUBNETS).map((c) => ({ network: c.split('/')[0], prefix: Number(c.split('/')[1]) })),
    unknownPolicy: raw.HWCTL_DHCP_UNKNOWN_POLICY,
    pool: first && last ? { first, last } : undefined,
    poolLeaseSeconds: Math.round(parseDuration(raw.HWCTL_DHCP_POOL_LEASE_TIME)),
    poolBootfile: raw.HWCTL_DHCP_POOL_BOOTFILE,
  };
}

function bootConfig(raw: RawConfig): HwctlConfig['boot'] {
  const host = raw.HWCTL_HTTP_HOST.includes(':') ? `[${raw.HWCTL_HTTP_HOST}]` : raw.HWCTL_HTTP_HOST;
  const advertiseUrl = (raw.HWCTL_BOOT_ADVERTISE_URL ?? `http://${host}:${raw.HWCTL_HTTP_PORT}`).replace(/\/+$/, '');
  return {
    advertiseUrl,
    cloudInitUrl: (raw.HWCTL_BOOT_CLOUD_INIT_URL ?? `${advertiseUrl}/cloud-init`).replace(/\/+$/, ''),
    retryDelaySeconds: Math.round(parseDuration(raw.HWCTL_BOOT_RETRY_DELAY)),
    unknownDelaySeconds: Math.round(parseDuration(raw.HWCTL_BOOT_UNKNOWN_DELAY)),
    cacheTtlSeconds: parseDuration(raw.HWCTL_BOOT_CACHE_TTL),
  };
}

function databaseConfig(raw: RawConfig, cwd: string): DatabaseConfig {
  const url = raw.HWCTL_DATABASE_URL;
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    const sqlite: DatabaseConfig = { type: 'sqlite', path: file === ':memory:' ? file : path.resolve(cwd, file) };
    return raw.HWCTL_SQLITE_SYNCHRONOUS === 'full' ? { ...sqlite, synchronous: 'full' } : sqlite;
  }
  return { type: 'postgres', url, poolSize: raw.HWCTL_DATABASE_POOL_SIZE };
}
