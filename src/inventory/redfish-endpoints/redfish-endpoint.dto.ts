import { PickType } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/** A RedfishEndpoint as SMD accepts it, plus magellan's SchemaVersion/Managers/Systems (reference §1.5). */
export class RedfishEndpointDto {
  @IsOptional() @IsString() ID?: string;
  @IsOptional() @IsString() Type?: string; // derived from the xname
  @IsOptional() @IsString() @MaxLength(255) Name?: string;
  @IsOptional() @IsString() @MaxLength(255) Hostname?: string;
  @IsOptional() @IsString() @MaxLength(255) Domain?: string;
  @IsOptional() @IsString() @MaxLength(255) FQDN?: string;
  @IsOptional() @IsBoolean() Enabled?: boolean;
  @IsOptional() @IsString() @MaxLength(64) UUID?: string;
  @IsOptional() @IsString() @MaxLength(128) User?: string;
  @IsOptional() @IsString() @MaxLength(1024) Password?: string;
  @IsOptional() @IsBoolean() UseSSDP?: boolean;
  @IsOptional() @IsBoolean() MACRequired?: boolean;
  @IsOptional() @IsString() MACAddr?: string;
  @IsOptional() @IsString() IPAddress?: string;
  @IsOptional() @IsBoolean() RediscoverOnUpdate?: boolean;
  @IsOptional() @IsString() TemplateID?: string;
  @IsOptional() @IsObject() DiscoveryInfo?: Record<string, unknown>; // server-owned; accepted and ignored
  @IsOptional() @IsInt() @Min(0) SchemaVersion?: number;
  @IsOptional() @IsArray() Managers?: unknown[];
  @IsOptional() @IsArray() Systems?: unknown[];
}

/** PATCH takes the writable scalar fields only (no ID, SchemaVersion or inventory payload). */
export class RedfishEndpointPatchDto extends PickType(RedfishEndpointDto, [
  'Name', 'Hostname', 'Domain', 'FQDN', 'Enabled', 'User', 'Password', 'UseSSDP', 'MACRequired', 'MACAddr', 'IPAddress',
  'RediscoverOnUpdate',
] as const) {}
