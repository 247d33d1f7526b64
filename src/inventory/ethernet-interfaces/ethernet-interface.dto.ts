import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

export class IpAddressDto {
  @IsString() IPAddress: string;
  @IsOptional() @IsString() @MaxLength(64) Network?: string;
}

export class EthernetInterfaceDto {
  @IsOptional() @IsString() ID?: string;
  @IsString() MACAddress: string;
  @IsOptional() @IsString() @MaxLength(255) Description?: string;
  @IsOptional() @IsString() ComponentID?: string;
  @IsOptional() @IsString() Type?: string; // derived from ComponentID, as SMD does
  @IsOptional() @IsString() LastUpdate?: string; // set by the server
  @IsOptional() @IsArray() @ArrayMaxSize(64) @ValidateNested({ each: true }) @Type(() => IpAddressDto) IPAddresses?: IpAddressDto[];
}

export class EthernetInterfacePatchDto {
  @IsOptional() @IsString() @MaxLength(255) Description?: string;
  @IsOptional() @IsString() ComponentID?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(64) @ValidateNested({ each: true }) @Type(() => IpAddressDto) IPAddresses?: IpAddressDto[];
}

export class IpAddressPatchDto {
  @IsOptional() @IsString() @MaxLength(64) Network?: string;
}
