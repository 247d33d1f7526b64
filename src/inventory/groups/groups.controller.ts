import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { smdMessage, uriList } from '../smd-responses';
import { GroupDto, GroupPatchDto, MemberDto, MembersDto } from './group.dto';
import { GroupsService } from './groups.service';

/** SMD `/hsm/v2/groups` (reference §2.1). */
@ApiTags('inventory')
@Controller('hsm/v2/groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  list(@Query() query: Record<string, unknown>) {
    return this.groups.list(query);
  }

  @Post()
  async create(@Body() body: GroupDto, @Res({ passthrough: true }) res: Response) {
    const label = await this.groups.create(body);
    res.status(201).location(`/hsm/v2/groups/${label}`);
    return uriList([`/hsm/v2/groups/${label}`]);
  }

  @Get('labels')
  labels() {
    return this.groups.labels();
  }

  @Get(':label')
  get(@Param('label') label: string) {
    return this.groups.get(label);
  }

  @Patch(':label')
  @HttpCode(204)
  patch(@Param('label') label: string, @Body() body: GroupPatchDto) {
    return this.groups.patch(label, body);
  }

  @Delete(':label')
  async delete(@Param('label') label: string) {
    await this.groups.delete(label);
    return smdMessage('deleted 1 entry');
  }

  @Get(':label/members')
  members(@Param('label') label: string) {
    return this.groups.members(label);
  }

  @Post(':label/members')
  async addMember(@Param('label') label: string, @Body() body: MemberDto, @Res({ passthrough: true }) res: Response) {
    const id = await this.groups.addMember(label, body.id);
    const uri = `/hsm/v2/groups/${label.toLowerCase()}/members/${id}`;
    res.status(201).location(uri);
    return uriList([uri]);
  }

  @Put(':label/members')
  async replaceMembers(@Param('label') label: string, @Body() body: MembersDto) {
    await this.groups.replaceMembers(label, body.ids);
    return this.groups.members(label);
  }

  @Delete(':label/members/:xname')
  async removeMember(@Param('label') label: string, @Param('xname') xname: string) {
    await this.groups.removeMember(label, xname);
    return smdMessage('deleted 1 entry');
  }
}

/** SMD `/hsm/v2/memberships`: the groups each component belongs to. */
@ApiTags('inventory')
@Controller('hsm/v2/memberships')
export class MembershipsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  list(@Query('id') id?: string | string[]) {
    return this.groups.memberships(id === undefined ? 'all' : Array.isArray(id) ? id : [id]);
  }

  @Get(':xname')
  get(@Param('xname') xname: string) {
    return this.groups.membership(xname);
  }
}
