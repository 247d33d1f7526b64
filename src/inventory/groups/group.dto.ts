import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

export class MembersDto {
  @IsArray() @ArrayMaxSize(100000) @IsString({ each: true }) ids: string[];
}

export class GroupDto {
  @IsString() label: string;
  @IsOptional() @IsString() @MaxLength(1024) description?: string;
  @IsOptional() @IsString() exclusiveGroup?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(256) @IsString({ each: true }) tags?: string[];
  @IsOptional() @ValidateNested() @Type(() => MembersDto) members?: MembersDto;
}

export class GroupPatchDto {
  @IsOptional() @IsString() @MaxLength(1024) description?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(256) @IsString({ each: true }) tags?: string[];
}

export class MemberDto {
  @IsDefined() @IsString() id: string;
}
