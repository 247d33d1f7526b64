import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RequireScope } from '../../auth/auth.decorators';
import { parseDuration } from '../../common/duration';
import { notFound } from '../../common/errors/hwctl-error';
import { ClusterDefaultsDto, InstanceInfoDto, NodeTokenDto } from '../dto/settings.dto';
import { GroupDataDto } from '../dto/group-data.dto';
import { NodeRequest, NodeRequestInfo } from '../node-request';
import { CloudInitAdminService } from '../services/cloud-init-admin.service';
import { DataKind, NodeDataService } from '../services/node-data.service';
import { NodeTokenService } from '../services/node-token.service';

const YAML = 'text/yaml; charset=utf-8';

/**
 * The v1 admin layout (reference §4; OpenCHAMI cloud-init v1.0–v1.2 `/cloud-init/admin/…`, what the
 * ochami CLI speaks) on the same tables as the v0 layout, plus hwctl's node-token route.
 *
 * Also at `/admin/…`: cloud-init ≥ v1.4 serves at the root and leaves `/cloud-init` to a reverse proxy,
 * so a client configured for either layout reaches the same handlers. Same guard on both: upstream ≥ v1.4
 * leaves its admin routes unauthenticated, hwctl does not (reads need `read`, writes `write`, node tokens
 * `admin`) — secure by default, whatever the path. Nothing else in hwctl lives under `/admin`.
 */
@ApiTags('cloud-init')
@Controller(['cloud-init/admin', 'admin'])
export class CloudInitAdminController {
  constructor(
    private readonly admin: CloudInitAdminService,
    private readonly data: NodeDataService,
    private readonly tokens: NodeTokenService,
  ) {}

  @Get('groups')
  groups() {
    return this.admin.groups();
  }

  @Post('groups')
  async createGroup(@Body() body: GroupDataDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const group = await this.admin.createGroup(body);
    res.location(`${adminBase(req)}/groups/${group.name}`);
    return group;
  }

  @Get('groups/:name')
  group(@Param('name') name: string) {
    return this.admin.group(name);
  }

  @Put('groups/:name')
  @HttpCode(201) // upstream answers 201 to every successful PUT
  async putGroup(@Param('name') name: string, @Body() body: GroupDataDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const group = await this.admin.putGroup(name, body);
    res.location(`${adminBase(req)}/groups/${group.name}`);
    return group;
  }

  @Delete('groups/:name')
  async deleteGroup(@Param('name') name: string) {
    await this.admin.remove('public', name);
  }

  @Get('cluster-defaults')
  clusterDefaults() {
    return this.admin.clusterDefaults();
  }

  @Post('cluster-defaults')
  setClusterDefaults(@Body() body: ClusterDefaultsDto) {
    return this.admin.setClusterDefaults(body);
  }

  @Get('instance-info/:id')
  instanceInfo(@Param('id') id: string) {
    return this.admin.instanceInfo(id);
  }

  @Put('instance-info/:id')
  @HttpCode(201)
  setInstanceInfo(@Param('id') id: string, @Body() body: InstanceInfoDto) {
    return this.admin.setInstanceInfo(id, body);
  }

  /** Upstream's impersonation routes (`--impersonation`): what node `id` gets. Always on here, behind `read`. */
  @Get('impersonation/:id/:kind')
  @Header('Content-Type', YAML)
  impersonate(@Param('id') id: string, @Param('kind') kind: string, @NodeRequestInfo() req: NodeRequest) {
    const group = /^(.+)\.yaml$/.exec(kind);
    if (group) return this.data.groupFileView('public', id, group[1]);
    return this.data.view('public', id, dataKind(kind), req.origin);
  }

  /** A node token for the secure stage (the tpm-manager's job in seeds/003). Needs `admin`: it opens secrets. */
  @Post('node-tokens/:xname')
  @RequireScope('admin')
  nodeToken(@Param('xname') xname: string, @Body() body: NodeTokenDto) {
    return this.tokens.issue(xname, body.ttl === undefined ? undefined : parseDuration(body.ttl));
  }
}

/** The admin root the request used, so Location names the group under the same layout. */
function adminBase(req: Request): string {
  return /^\/cloud-init\//i.test(req.path) ? '/cloud-init/admin' : '/admin';
}

function dataKind(kind: string): DataKind {
  if (kind === 'user-data' || kind === 'meta-data' || kind === 'vendor-data') return kind;
  throw notFound(`no such document: ${kind} (user-data, meta-data, vendor-data or GROUP.yaml)`);
}
