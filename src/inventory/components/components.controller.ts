import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ensureComponents, smdMessage } from '../smd-responses';
import { ComponentsService } from './components.service';
import {
  BulkEnabledPatchDto, BulkFlagOnlyPatchDto, BulkNidPatchDto, BulkRolePatchDto, BulkSoftwareStatusPatchDto,
  BulkStateDataPatchDto, ComponentArrayDto, ComponentPutDto, ComponentQueryDto, EnabledPatchDto, FlagOnlyPatchDto,
  NidPatchDto, RolePatchDto, SoftwareStatusPatchDto, StateDataPatchDto,
} from './component.dto';
import { FLAGS, ROLES, STATES, SUB_ROLES } from '../smd-enums';

/** SMD `/hsm/v2/State/Components` (reference §2.1). Each handler is one service call. */
@ApiTags('inventory')
@Controller('hsm/v2/State/Components')
export class ComponentsController {
  constructor(private readonly components: ComponentsService) {}

  @Get()
  async list(@Query() query: Record<string, unknown>) {
    return { Components: await this.components.list(query) };
  }

  @Post()
  @HttpCode(204)
  async create(@Body() body: ComponentArrayDto): Promise<void> {
    await this.components.upsertMany(ensureComponents(body.Components), body.Force ?? false);
  }

  @Delete()
  async deleteAll() {
    return smdMessage(`deleted ${await this.components.delete('all')} entries`);
  }

  @Post('Query')
  @HttpCode(200)
  async query(@Body() body: ComponentQueryDto, @Query() query: Record<string, unknown>) {
    return { Components: await this.components.query(body.ComponentIDs, query) };
  }

  @Get('ByNID/:nid')
  byNid(@Param('nid', ParseIntPipe) nid: number) {
    return this.components.getByNid(nid);
  }

  // Bulk PATCH routes come before ':xname' so "BulkStateData" is not taken for an xname.
  @Patch('BulkStateData')
  @HttpCode(204)
  bulkState(@Body() b: BulkStateDataPatchDto) {
    const state = this.components.checkEnum(STATES, b.State, 'State');
    const flag = b.Flag ? this.components.checkEnum(FLAGS, b.Flag, 'Flag') : undefined;
    return this.components.patch(b.ComponentIDs, (c) => Object.assign(c, { state, flag: flag ?? c.flag }));
  }

  @Patch('BulkFlagOnly')
  @HttpCode(204)
  bulkFlag(@Body() b: BulkFlagOnlyPatchDto) {
    const flag = this.components.checkEnum(FLAGS, b.Flag, 'Flag');
    return this.components.patch(b.ComponentIDs, (c) => (c.flag = flag));
  }

  @Patch('BulkEnabled')
  @HttpCode(204)
  bulkEnabled(@Body() b: BulkEnabledPatchDto) {
    return this.components.patch(b.ComponentIDs, (c) => (c.enabled = b.Enabled));
  }

  @Patch('BulkSoftwareStatus')
  @HttpCode(204)
  bulkSoftware(@Body() b: BulkSoftwareStatusPatchDto) {
    return this.components.patch(b.ComponentIDs, (c) => (c.softwareStatus = b.SoftwareStatus));
  }

  @Patch('BulkRole')
  @HttpCode(204)
  bulkRole(@Body() b: BulkRolePatchDto) {
    const role = this.components.checkEnum(ROLES, b.Role, 'Role');
    const subRole = b.SubRole ? this.components.checkEnum(SUB_ROLES, b.SubRole, 'SubRole') : '';
    return this.components.patch(b.ComponentIDs, (c) => Object.assign(c, { role, subRole }));
  }

  @Patch('BulkNID')
  @HttpCode(204)
  bulkNid(@Body() b: BulkNidPatchDto) {
    return this.components.setNids(b.Components);
  }

  @Get(':xname')
  get(@Param('xname') xname: string) {
    return this.components.get(xname);
  }

  @Put(':xname')
  @HttpCode(204)
  put(@Param('xname') xname: string, @Body() body: ComponentPutDto) {
    return this.components.put(xname, body.Component, body.Force ?? false);
  }

  @Delete(':xname')
  async delete(@Param('xname') xname: string) {
    await this.components.delete(xname);
    return smdMessage('deleted 1 entry');
  }

  @Patch(':xname/StateData')
  @HttpCode(204)
  patchState(@Param('xname') xname: string, @Body() b: StateDataPatchDto) {
    const state = this.components.checkEnum(STATES, b.State, 'State');
    const flag = b.Flag ? this.components.checkEnum(FLAGS, b.Flag, 'Flag') : undefined;
    return this.components.patch([xname], (c) => Object.assign(c, { state, flag: flag ?? c.flag }));
  }

  @Patch(':xname/FlagOnly')
  @HttpCode(204)
  patchFlag(@Param('xname') xname: string, @Body() b: FlagOnlyPatchDto) {
    const flag = this.components.checkEnum(FLAGS, b.Flag, 'Flag');
    return this.components.patch([xname], (c) => (c.flag = flag));
  }

  @Patch(':xname/Enabled')
  @HttpCode(204)
  patchEnabled(@Param('xname') xname: string, @Body() b: EnabledPatchDto) {
    return this.components.patch([xname], (c) => (c.enabled = b.Enabled));
  }

  @Patch(':xname/SoftwareStatus')
  @HttpCode(204)
  patchSoftware(@Param('xname') xname: string, @Body() b: SoftwareStatusPatchDto) {
    return this.components.patch([xname], (c) => (c.softwareStatus = b.SoftwareStatus));
  }

  @Patch(':xname/Role')
  @HttpCode(204)
  patchRole(@Param('xname') xname: string, @Body() b: RolePatchDto) {
    const role = this.components.checkEnum(ROLES, b.Role, 'Role');
    const subRole = b.SubRole ? this.components.checkEnum(SUB_ROLES, b.SubRole, 'SubRole') : '';
    return this.components.patch([xname], (c) => Object.assign(c, { role, subRole }));
  }

  @Patch(':xname/NID')
  @HttpCode(204)
  patchNid(@Param('xname') xname: string, @Body() b: NidPatchDto) {
    return this.components.patch([xname], (c) => (c.nid = b.NID));
  }
}
