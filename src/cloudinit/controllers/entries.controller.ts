import { Body, Controller, Delete, Get, Header, Param, Post, Put, Res, Type } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireScope } from '../../auth/auth.decorators';
import { Scope } from '../../auth/scopes';
import { Stage } from '../cloud-init.types';
import { NodeRequest, NodeRequestInfo } from '../node-request';
import { CloudInitAdminService } from '../services/cloud-init-admin.service';
import { NodeDataService } from '../services/node-data.service';

const YAML = 'text/yaml; charset=utf-8';

/**
 * The v0 admin layout of a stage (reference §4, seeds/003): `GET|POST /`, `GET|PUT|DELETE /{id}`,
 * `GET /{id}/{user-data|meta-data|vendor-data}`. Writes need `write`; reads need `read` on the public stage
 * and `admin` on the secure one (its entries are the secrets the stage exists for).
 * Deliberately NOT also at the root, unlike the node and v1 admin routes: `GET|PUT|DELETE /{id}` there
 * would claim every unknown one-segment path of the whole daemon (a typo'd `/hsm` would become a 401 or
 * an entry). ≥ v1.4 has no v0 layout anyway; v0 clients use `/cloud-init`.
 */
function entriesController(prefix: string, stage: Stage, readScope: Scope, className: string): Type<unknown> {
  @ApiTags('cloud-init')
  @Controller(prefix)
  class EntriesController {
    constructor(
      readonly admin: CloudInitAdminService,
      readonly data: NodeDataService,
    ) {}

    @Get()
    @RequireScope(readScope)
    list() {
      return this.admin.list(stage);
    }

    /** One entry or a list of entries (JSON or YAML); 201 with the names, 409 if one exists. */
    @Post()
    async create(@Body() body: unknown, @Res({ passthrough: true }) res: Response) {
      const names = await this.admin.create(stage, body);
      res.status(201);
      if (Array.isArray(body)) return names;
      // v0 answers with the name as a JSON string; Nest would send a returned string as text/html.
      res.location(`/${prefix}/${names[0]}`).type('application/json');
      return JSON.stringify(names[0]);
    }

    @Get(':id')
    @RequireScope(readScope)
    get(@Param('id') id: string) {
      return this.admin.get(stage, id);
    }

    @Put(':id')
    async put(@Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
      const { name, created } = await this.admin.put(stage, id, body);
      res.status(created ? 201 : 200);
      return this.admin.get(stage, name);
    }

    @Delete(':id')
    async remove(@Param('id') id: string) {
      await this.admin.remove(stage, id);
      return { status: 'success' }; // v0's answer
    }

    @Get(':id/user-data')
    @RequireScope(readScope)
    @Header('Content-Type', YAML)
    userData(@Param('id') id: string, @NodeRequestInfo() req: NodeRequest) {
      return this.data.view(stage, id, 'user-data', req.origin);
    }

    @Get(':id/meta-data')
    @RequireScope(readScope)
    @Header('Content-Type', YAML)
    metaData(@Param('id') id: string, @NodeRequestInfo() req: NodeRequest) {
      return this.data.view(stage, id, 'meta-data', req.origin);
    }

    @Get(':id/vendor-data')
    @RequireScope(readScope)
    @Header('Content-Type', 'text/plain; charset=utf-8')
    vendorData(@Param('id') id: string, @NodeRequestInfo() req: NodeRequest) {
      return this.data.view(stage, id, 'vendor-data', req.origin);
    }
  }
  Object.defineProperty(EntriesController, 'name', { value: className });
  return EntriesController;
}

export const PublicEntriesController = entriesController('cloud-init', 'public', 'read', 'PublicEntriesController');
export const SecureEntriesController = entriesController('cloud-init-secure', 'secure', 'admin', 'SecureEntriesController');
