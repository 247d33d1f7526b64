import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsInt, IsObject, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';

/** A component as clients send it (hms-base field names). Enum values are checked in the service. */
export class ComponentDto {
  @IsString() ID: string;
  @IsOptional() @IsString() Type?: string; // ignored: SMD derives Type from the xname
  @IsOptional() @IsString() State?: string;
  @IsOptional() @IsString() Flag?: string;
  @IsOptional() @IsBoolean() Enabled?: boolean;
  @IsOptional() @IsString() SoftwareStatus?: string;
  @IsOptional() @IsString() Role?: string;
  @IsOptional() @IsString() SubRole?: string;
  @IsOptional() @IsInt() @Min(0) @Max(2147483647) NID?: number;
  @IsOptional() @IsString() Subtype?: string;
  @IsOptional() @IsString() NetType?: string;
  @IsOptional() @IsString() Arch?: string;
  @IsOptional() @IsString() Class?: string;
  @IsOptional() @IsBoolean() ReservationDisabled?: boolean;
  @IsOptional() @IsBoolean() Locked?: boolean;
}

export class ComponentArrayDto {
  @IsDefined({ message: 'Missing Components' })
  @IsArray()
  @ArrayMaxSize(100000)
  @ValidateNested({ each: true })
  @Type(() => ComponentDto)
  Components: ComponentDto[];

  @IsOptional() @IsBoolean() Force?: boolean;
}

export class ComponentPutDto {
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ComponentDto) Component: ComponentDto;
  @IsOptional() @IsBoolean() Force?: boolean;
}

export class ComponentQueryDto {
  @IsDefined() @IsArray() @IsString({ each: true }) @ArrayMaxSize(100000) ComponentIDs: string[];
}

// PATCH sub-resources: one DTO each, exactly as SMD names their fields.
export class StateDataPatchDto {
  @IsString() State: string;
  @IsOptional() @IsString() Flag?: string;
  @IsOptional() @IsBoolean() Force?: boolean;
}
export class FlagOnlyPatchDto {
  @IsString() Flag: string;
}
export class EnabledPatchDto {
  @IsBoolean() Enabled: boolean;
}
export class SoftwareStatusPatchDto {
  @IsString() SoftwareStatus: string;
}
export class RolePatchDto {
  @IsString() Role: string;
  @IsOptional() @IsString() SubRole?: string;
}
export class NidPatchDto {
  @IsInt() @Min(0) NID: number;
}

class BulkIds {
  @IsArray() @IsString({ each: true }) @ArrayMaxSize(100000) ComponentIDs: string[];
}
export class BulkStateDataPatchDto extends BulkIds {
  @IsString() State: string;
  @IsOptional() @IsString() Flag?: string;
  @IsOptional() @IsBoolean() Force?: boolean;
}
export class BulkFlagOnlyPatchDto extends BulkIds {
  @IsString() Flag: string;
}
export class BulkEnabledPatchDto extends BulkIds {
  @IsBoolean() Enabled: boolean;
}
export class BulkSoftwareStatusPatchDto extends BulkIds {
  @IsString() SoftwareStatus: string;
}
export class BulkRolePatchDto extends BulkIds {
  @IsString() Role: string;
  @IsOptional() @IsString() SubRole?: string;
}
class NidEntry {
  @IsString() ID: string;
  @IsInt() @Min(0) NID: number;
}
export class BulkNidPatchDto {
  @IsArray() @ArrayMaxSize(100000) @ValidateNested({ each: true }) @Type(() => NidEntry) Components: NidEntry[];
}
