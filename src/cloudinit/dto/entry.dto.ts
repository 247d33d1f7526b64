import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { JsonMap } from '../merge/deep-merge';

/** The v0 parts of an entry (reference §4, seeds/003). A part left out (or null) keeps its stored value on PUT. */
export class CloudInitPartsDto {
  @IsOptional() @IsObject() userdata?: JsonMap | null;
  @IsOptional() @IsObject() metadata?: JsonMap | null;
  @IsOptional() @IsObject() vendordata?: JsonMap | null;
}

/** `{"name": "compute", "cloud-init": {"userdata": {…}, "metadata": {…}, "vendordata": {…}}}` */
export class CloudInitEntryDto {
  @IsOptional() @IsString() @MaxLength(255) name?: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => CloudInitPartsDto) 'cloud-init': CloudInitPartsDto;
}
