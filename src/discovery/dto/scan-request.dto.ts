import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const DURATION = /^\d+(ms|s|m|h|d)?$/;

/** Credentials and xname-map fields shared by scan (with collect) and collect requests. */
export class CollectOptionsDto {
  /** BMC login for every BMC (unless `credentials` names the address). Never stored in the scan record. */
  @IsOptional() @IsString() @MaxLength(128) username?: string;
  @IsOptional() @IsString() @MaxLength(1024) password?: string;
  /** magellan secrets-file shape: {"default": {username, password}, "10.0.0.5": {...}}. */
  @IsOptional() @IsObject() credentials?: Record<string, unknown>;
  /** magellan --bmc-id-map: {"map_key": "bmc-ip-addr", "id_map": {ip: xname}} or {ip: xname}. */
  @IsOptional() @IsObject() bmcIdMap?: Record<string, unknown>;
  /** A BMC missing from the map: give it a generated xname (default) or skip it. */
  @IsOptional() @IsIn(['generate', 'skip']) unmapped?: 'generate' | 'skip';
}

/** POST /discovery/v1/scans. */
export class ScanRequestDto extends CollectOptionsDto {
  /** IPv4 addresses, CIDRs (at most /16) or a-b ranges. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(256) @IsString({ each: true }) targets: string[];
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(16) @IsInt({ each: true }) @Min(1, { each: true }) @Max(65535, { each: true }) ports?: number[];
  @IsOptional() @IsIn(['https', 'http']) scheme?: 'https' | 'http';
  /** Per-address step timeout, e.g. 500ms, 1s. */
  @IsOptional() @IsString() @Matches(DURATION, { message: 'timeout must be a duration such as 500ms or 2s' }) timeout?: string;
  @IsOptional() @IsInt() @Min(1) @Max(16384) concurrency?: number;
  @IsOptional() @IsBoolean() ipmi?: boolean;
  @IsOptional() @IsInt() @Min(1) @Max(65535) ipmiPort?: number;
  /** Also ask every address with a unicast SSDP M-SEARCH (DSP0266 Discovery; few BMCs answer). */
  @IsOptional() @IsBoolean() ssdp?: boolean;
  @IsOptional() @IsInt() @Min(1) @Max(65535) ssdpPort?: number;
  /** Also send one multicast M-SEARCH (239.255.255.250, TTL 2) out of this interface of the daemon's host and check every answer. */
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,14}$/, { message: 'ssdpInterface must be an interface name such as eth1' }) ssdpInterface?: string;
  /** Walk every Redfish BMC found and write it into the inventory. */
  @IsOptional() @IsBoolean() collect?: boolean;
}

/** POST /discovery/v1/collect: given BMCs ("addr" or "addr:port"), or the Redfish BMCs a scan found. */
export class CollectRequestDto extends CollectOptionsDto {
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(65536) @IsString({ each: true }) targets?: string[];
  @IsOptional() @IsString() @MaxLength(36) scanId?: string;
  /** Port for targets given without one (default: the first configured port). */
  @IsOptional() @IsInt() @Min(1) @Max(65535) port?: number;
  @IsOptional() @IsIn(['https', 'http']) scheme?: 'https' | 'http';
}

/** POST/PUT /discovery/v1/schedules. */
export class ScheduleDto {
  @IsOptional() @IsString() @Matches(/^[a-z0-9][-a-z0-9_.]{0,63}$/, { message: 'id must be lowercase letters, digits, -, _ or . (at most 64)' }) id?: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(256) @IsString({ each: true }) targets: string[];
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(16) @IsInt({ each: true }) @Min(1, { each: true }) @Max(65535, { each: true }) ports?: number[];
  @IsOptional() @IsString() @Matches(DURATION, { message: 'interval must be a duration such as 15m or 1h' }) interval?: string;
  @IsOptional() @IsString() @MaxLength(128) cron?: string;
  @IsOptional() @IsBoolean() collect?: boolean;
  @IsOptional() @IsBoolean() enabled?: boolean;
}
