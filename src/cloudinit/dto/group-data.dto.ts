import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { JsonMap } from '../merge/deep-merge';

/** A group's cloud-config file (v1 `file`): `content` is plain text or base64 as `encoding` says. */
export class GroupFileDto {
  @IsString() @MaxLength(1_000_000) content: string;
  @IsOptional() @IsIn(['plain', 'base64']) encoding?: 'plain' | 'base64';
  @IsOptional() @IsString() @MaxLength(255) filename?: string;
}

/** v1 `POST /admin/groups`, `PUT /admin/groups/{name}` (reference §4, cistore.GroupData). */
export class GroupDataDto {
  @IsOptional() @IsString() @MaxLength(255) name?: string;
  @IsOptional() @IsString() @MaxLength(1024) description?: string;
  @IsOptional() @IsObject() 'meta-data'?: JsonMap;
  /** The upstream README's spelling of `meta-data` (its server ignores it silently; we take it). */
  @IsOptional() @IsObject() data?: JsonMap;
  @IsOptional() @ValidateNested() @Type(() => GroupFileDto) file?: GroupFileDto;
}
