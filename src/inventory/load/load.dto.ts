import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class LoadIpDto {
  @IsString() ip: string;
  @IsOptional() @IsString() @MaxLength(64) network?: string;
}

export class LoadInterfaceDto {
  @IsString() mac: string;
  @IsOptional() @IsArray() @ArrayMaxSize(16) @ValidateNested({ each: true }) @Type(() => LoadIpDto) ips?: LoadIpDto[];
}

export class LoadBmcDto {
  @IsString() xname: string;
  @IsOptional() @IsString() @MaxLength(255) name?: string;
  @IsOptional() @IsString() mac?: string;
  @IsOptional() @IsString() ip?: string;
  @IsOptional() @IsString() @MaxLength(255) fqdn?: string;
}

export class LoadNodeDto {
  @IsString() xname: string;
  @IsOptional() @IsString() @MaxLength(255) name?: string;
  @IsOptional() @IsInt() @Min(0) @Max(2147483647) nid?: number;
  @IsOptional() @IsString() bmc?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(64) @IsString({ each: true }) groups?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(16) @ValidateNested({ each: true }) @Type(() => LoadInterfaceDto) interfaces?: LoadInterfaceDto[];
}

/** hwctl's one-shot inventory load (what `ochami discover static` does in many calls, here in one transaction). */
export class LoadDto {
  @IsOptional() @IsBoolean() overwrite?: boolean;
  @IsOptional() @IsArray() @ArrayMaxSize(100000) @ValidateNested({ each: true }) @Type(() => LoadBmcDto) bmcs?: LoadBmcDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(100000) @ValidateNested({ each: true }) @Type(() => LoadNodeDto) nodes?: LoadNodeDto[];
}
