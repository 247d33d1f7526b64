import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { badRequest } from '../../common/errors/hwctl-error';
import { validateDto } from '../../common/validate-dto';
import { smdMessage, uriList } from '../smd-responses';
import { RedfishEndpointDto, RedfishEndpointPatchDto } from './redfish-endpoint.dto';
import { RedfishEndpointsService } from './redfish-endpoints.service';

const BASE = '/hsm/v2/Inventory/RedfishEndpoints';

/** SMD `/hsm/v2/Inventory/RedfishEndpoints`. POST takes one object or {"RedfishEndpoints":[…]}. */
@ApiTags('inventory')
@Controller('hsm/v2/Inventory/RedfishEndpoints')
export class RedfishEndpointsController {
  constructor(private readonly endpoints: RedfishEndpointsService) {}

  @Get()
  async list(@Query() query: Record<string, unknown>) {
    return { RedfishEndpoints: await this.endpoints.list(query) };
  }

  @Post()
  async create(@Body() body: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const items = parseCreateBody(body);
    const ids = await this.endpoints.create(items);
    const uris = ids.map((id) => `${BASE}/${id}`);
    res.status(201).location(uris[0]);
    return uriList(uris);
  }

  @Delete()
  async deleteAll() {
    return smdMessage(`deleted ${await this.endpoints.delete('all')} entries`);
  }

  @Get(':xname')
  get(@Param('xname') xname: string) {
    return this.endpoints.get(xname);
  }

  @Put(':xname')
  put(@Param('xname') xname: string, @Body() body: RedfishEndpointDto) {
    return this.endpoints.put(xname, body);
  }

  @Patch(':xname')
  patch(@Param('xname') xname: string, @Body() body: RedfishEndpointPatchDto) {
    return this.endpoints.patch(xname, body);
  }

  @Delete(':xname')
  async delete(@Param('xname') xname: string) {
    await this.endpoints.delete(xname);
    return smdMessage('deleted 1 entry');
  }
}

function parseCreateBody(body: unknown): RedfishEndpointDto[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('body: expected a JSON object', 'body');
  const b = body as Record<string, unknown>;
  if ('RedfishEndpoints' in b) {
    const extra = Object.keys(b).filter((k) => k !== 'RedfishEndpoints');
    if (extra.length) throw badRequest(`${extra.join(', ')}: unknown field`, extra[0]);
    if (!Array.isArray(b.RedfishEndpoints) || b.RedfishEndpoints.length === 0) {
      throw badRequest('RedfishEndpoints: expected a non-empty array', 'RedfishEndpoints');
    }
    return b.RedfishEndpoints.map((item, i) => validateDto(RedfishEndpointDto, item, `RedfishEndpoints[${i}]`));
  }
  return [validateDto(RedfishEndpointDto, b)];
}

/** SMD `/hsm/v2/Inventory/ComponentEndpoints`: read and delete only (created through RedfishEndpoints). */
@ApiTags('inventory')
@Controller('hsm/v2/Inventory/ComponentEndpoints')
export class ComponentEndpointsController {
  constructor(private readonly endpoints: RedfishEndpointsService) {}

  @Get()
  async list(@Query() query: Record<string, unknown>) {
    return { ComponentEndpoints: await this.endpoints.listComponentEndpoints(query) };
  }

  @Get(':xname')
  get(@Param('xname') xname: string) {
    return this.endpoints.getComponentEndpoint(xname);
  }

  @Delete(':xname')
  async delete(@Param('xname') xname: string) {
    await this.endpoints.deleteComponentEndpoint(xname);
    return smdMessage('deleted 1 entry');
  }
}
