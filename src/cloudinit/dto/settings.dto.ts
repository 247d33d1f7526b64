import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min } from 'class-validator';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
// RFC 1123 host names (labels of letters, digits and hyphens), as cloud-init's set_hostname expects.
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** v1 `POST /admin/cluster-defaults`: given keys replace the stored ones, others stay (as upstream). */
export class ClusterDefaultsDto {
  @IsOptional() @IsString() @MaxLength(255) cloud_provider?: string;
  @IsOptional() @IsString() @MaxLength(255) region?: string;
  @IsOptional() @IsString() @MaxLength(255) 'availability-zone'?: string;
  @IsOptional() @IsString() @MaxLength(255) 'cluster-name'?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) 'public-keys'?: string[];
  @IsOptional() @IsUrl(URL_OPTIONS) 'base-url'?: string;
  @IsOptional() @IsString() @MaxLength(64) 'boot-subnet'?: string;
  @IsOptional() @IsString() @MaxLength(64) 'wg-subnet'?: string;
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9-]{0,32}$/, { message: 'short-name must be letters, digits and hyphens' }) 'short-name'?: string;
  @IsOptional() @IsInt() @Min(1) @Max(12) 'nid-length'?: number;
}

/** v1 `PUT /admin/instance-info/{id}` (cistore.OpenCHAMIInstanceInfo, the keys generateMetaData uses). */
export class InstanceInfoDto {
  @IsOptional() @IsString() id?: string;
  @IsOptional() @IsString() @Matches(/^([A-Za-z0-9._-]{1,64})?$/, { message: 'instance-id must be 1-64 letters, digits, ".", "_" or "-"' }) 'instance-id'?: string;
  @IsOptional() @IsString() @Matches(HOSTNAME, { message: 'local-hostname must be an RFC 1123 host name' }) 'local-hostname'?: string;
  @IsOptional() @IsString() @Matches(HOSTNAME, { message: 'hostname must be an RFC 1123 host name' }) hostname?: string;
  @IsOptional() @IsString() @MaxLength(255) 'instance-type'?: string;
  @IsOptional() @IsUrl(URL_OPTIONS) 'cloud-init-base-url'?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) 'public-keys'?: string[];
}

/** `POST /cloud-init/admin/node-tokens/{xname}`: optional lifetime (default HWCTL_CLOUDINIT_NODE_TOKEN_TTL). */
export class NodeTokenDto {
  @IsOptional() @IsString() @Matches(/^\d+(ms|s|m|h|d)?$/, { message: 'ttl must be a duration such as 10m or 1h' }) ttl?: string;
}
