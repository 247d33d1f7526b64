import { Body, Controller, Delete, Get, HttpCode, MessageEvent, Param, Post, Put, Query, Sse } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { from, interval, map, Observable, startWith, switchMap, takeWhile } from 'rxjs';
import { BmcsService } from './bmcs/bmcs.service';
import { CollectRequestDto, ScanRequestDto, ScheduleDto } from './dto/scan-request.dto';
import { magellanAsset, resultJson, scanJson, ScansService } from './scans/scans.service';
import { SchedulesService } from './schedules/schedules.service';

/** `/discovery/v1`: scans (start, progress by polling or SSE, results), collect, known BMCs, changes, schedules, xname map. */
@ApiTags('discovery')
@Controller('discovery/v1')
export class DiscoveryController {
  constructor(
    private readonly scans: ScansService,
    private readonly bmcs: BmcsService,
    private readonly schedules: SchedulesService,
  ) {}

  @Post('scans')
  @HttpCode(202)
  async startScan(@Body() dto: ScanRequestDto) {
    return scanJson((await this.scans.startScan(dto)).scan);
  }

  @Get('scans')
  async listScans() {
    return { scans: (await this.scans.list()).map(scanJson) };
  }

  @Get('scans/:id')
  async getScan(@Param('id') id: string) {
    return scanJson(await this.scans.get(id));
  }

  /** Results; `?format=magellan` gives magellan scan records (host, port, protocol, state, timestamp, service_type). */
  @Get('scans/:id/results')
  async results(@Param('id') id: string, @Query('format') format?: string) {
    const rows = await this.scans.results(id);
    return format === 'magellan' ? rows.map(magellanAsset) : { results: rows.map(resultJson) };
  }

  /** Server-sent events: one `progress` event per half second while the scan runs, the last one with the final state. */
  @Sse('scans/:id/events')
  events(@Param('id') id: string): Observable<MessageEvent> {
    let last = '';
    return interval(500).pipe(
      startWith(0),
      switchMap(() => from(this.scans.get(id))),
      map((s) => scanJson(s)),
      takeWhile((s) => s.status === 'running', true),
      map((s) => ({ type: s.status === 'running' ? 'progress' : 'done', data: s })),
      // Only changes are sent (a quiet scan costs one DB read per half second, no traffic).
      switchMap((e) => {
        const key = JSON.stringify(e.data);
        const out = key === last ? [] : [e];
        last = key;
        return from(out);
      }),
    );
  }

  @Post('scans/:id/cancel')
  async cancel(@Param('id') id: string) {
    return scanJson(await this.scans.cancel(id));
  }

  @Post('collect')
  @HttpCode(202)
  async collect(@Body() dto: CollectRequestDto) {
    return scanJson((await this.scans.startCollect(dto)).scan);
  }

  @Get('bmcs')
  async listBmcs() {
    return { bmcs: await this.bmcs.list() };
  }

  @Get('changes')
  async changes(@Query() q: Record<string, string>) {
    return { changes: await this.bmcs.changes(q) };
  }

  @Get('xname-map')
  xnameMap() {
    return this.bmcs.xnameMap();
  }

  @Put('xname-map')
  putXnameMap(@Body() body: Record<string, unknown>) {
    return this.bmcs.putXnameMap(body);
  }

  @Get('schedules')
  async listSchedules() {
    return { schedules: await this.schedules.list() };
  }

  @Post('schedules')
  @HttpCode(201)
  createSchedule(@Body() dto: ScheduleDto) {
    return this.schedules.create(dto);
  }

  @Get('schedules/:id')
  getSchedule(@Param('id') id: string) {
    return this.schedules.get(id);
  }

  @Put('schedules/:id')
  putSchedule(@Param('id') id: string, @Body() dto: ScheduleDto) {
    return this.schedules.put(id, dto);
  }

  @Delete('schedules/:id')
  @HttpCode(204)
  async deleteSchedule(@Param('id') id: string) {
    await this.schedules.delete(id);
  }
}
