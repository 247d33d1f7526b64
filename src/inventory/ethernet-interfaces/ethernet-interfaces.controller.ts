import { Body, Controller, Delete, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { smdMessage } from '../smd-responses';
import { EthernetInterfaceDto, EthernetInterfacePatchDto, IpAddressDto, IpAddressPatchDto } from './ethernet-interface.dto';
import { EthernetInterfacesService } from './ethernet-interfaces.service';

const BASE = '/hsm/v2/Inventory/EthernetInterfaces';

/** SMD `/hsm/v2/Inventory/EthernetInterfaces`: GET answers a bare array (reference §2.1). */
@ApiTags('inventory')
@Controller('hsm/v2/Inventory/EthernetInterfaces')
export class EthernetInterfacesController {
  constructor(private readonly nics: EthernetInterfacesService) {}

  @Get()
  list(@Query() query: Record<string, unknown>) {
    return this.nics.list(query);
  }

  @Post()
  async create(@Body() body: EthernetInterfaceDto, @Res({ passthrough: true }) res: Response) {
    const id = await this.nics.create(body);
    res.status(201).location(`${BASE}/${id}`);
    return { URI: `${BASE}/${id}` };
  }

  @Delete()
  async deleteAll() {
    return smdMessage(`deleted ${await this.nics.delete('all')} entries`);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.nics.get(id);
  }

  @Patch(':id')
  patch(@Param('id') id: string, @Body() body: EthernetInterfacePatchDto) {
    return this.nics.patch(id, body);
  }

  @Delete(':id')
  async delete(@Param('id') id: string) {
    await this.nics.delete(id);
    return smdMessage('deleted 1 entry');
  }

  @Get(':id/IPAddresses')
  async ips(@Param('id') id: string) {
    return (await this.nics.get(id)).IPAddresses;
  }

  @Post(':id/IPAddresses')
  async addIp(@Param('id') id: string, @Body() body: IpAddressDto, @Res({ passthrough: true }) res: Response) {
    const nic = await this.nics.addIp(id, body);
    const uri = `${BASE}/${nic}/IPAddresses/${body.IPAddress}`;
    res.status(201).location(uri);
    return { URI: uri };
  }

  @Patch(':id/IPAddresses/:ip')
  updateIp(@Param('id') id: string, @Param('ip') ip: string, @Body() body: IpAddressPatchDto) {
    return this.nics.updateIp(id, ip, body.Network);
  }

  @Delete(':id/IPAddresses/:ip')
  async deleteIp(@Param('id') id: string, @Param('ip') ip: string) {
    await this.nics.deleteIp(id, ip);
    return smdMessage('deleted 1 entry');
  }
}
