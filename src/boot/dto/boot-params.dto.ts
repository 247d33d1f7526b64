import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

// Values that go into an iPXE script line must not break it: no whitespace in the kernel/initrd URL
// (it would become a kernel parameter), no line break or other control character in params (it would
// become a script command on every node using them).
const URL_LIKE = /^\S*$/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ONE_LINE = /^[^\x00-\x1f\x7f]*$/;

/**
 * BSS `bssTypes.BootParams` (reference §3.1): lowercase keys, exactly as the ochami CLI sends them.
 * `hosts` holds Node xnames or, as in BSS's SQL store, names of groups (here: inventory group labels).
 */
export class BootParamsDto {
  @IsOptional() @IsArray() @ArrayMaxSize(100000) @IsString({ each: true }) @MaxLength(255, { each: true }) hosts?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(100000) @IsString({ each: true }) @MaxLength(64, { each: true }) macs?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(100000) @IsInt({ each: true }) @Min(1, { each: true }) @Max(2147483647, { each: true }) nids?: number[];
  @IsOptional() @IsString() @MaxLength(8192) @Matches(ONE_LINE, { message: 'must be one line without control characters' }) params?: string;
  @IsOptional() @IsString() @MaxLength(2048) @Matches(URL_LIKE, { message: 'must not contain whitespace' }) kernel?: string;
  @IsOptional() @IsString() @MaxLength(2048) @Matches(URL_LIKE, { message: 'must not contain whitespace' }) initrd?: string;
  /** Accepted and ignored, as BSS's SQL store does; cloud-init data lives in /cloud-init. */
  @IsOptional() @IsObject() 'cloud-init'?: Record<string, unknown>;
}
