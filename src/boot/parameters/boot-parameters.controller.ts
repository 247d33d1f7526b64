import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { BootParamsDto } from '../dto/boot-params.dto';
import { BootParametersService } from './boot-parameters.service';

/** BSS's header carrying a fresh UUID on each successful POST/PUT (reference §3.1). */
const REFERRAL_TOKEN = 'BSS-Referral-Token';

/** BSS `/boot/v1/bootparameters` (reference §3.1). GET needs `read`, the rest `write`. */
@ApiTags('boot')
@Controller('boot/v1/bootparameters')
export class BootParametersController {
  constructor(private readonly params: BootParametersService) {}

  @Get()
  get(@Query() query: Record<string, unknown>, @Body() body: unknown) {
    return this.params.get(query, body);
  }

  @Post()
  @HttpCode(201)
  async create(@Body() body: BootParamsDto, @Res({ passthrough: true }) res: Response): Promise<void> {
    res.setHeader(REFERRAL_TOKEN, await this.params.create(body));
    res.type('application/json');
  }

  @Put()
  @HttpCode(200)
  async put(@Body() body: BootParamsDto, @Res({ passthrough: true }) res: Response): Promise<void> {
    res.setHeader(REFERRAL_TOKEN, await this.params.put(body));
    res.type('application/json');
  }

  @Patch()
  @HttpCode(200)
  async patch(@Body() body: BootParamsDto, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.params.patch(body);
    res.type('application/json');
  }

  @Delete()
  @HttpCode(200)
  async remove(@Body() body: BootParamsDto, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.params.remove(body);
    res.type('application/json');
  }
}
