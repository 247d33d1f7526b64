import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { HwctlError } from '../common/errors/hwctl-error';
import { smdMessage } from './smd-responses';

/** SMD `/hsm/v2/service/*`: readiness checks the database; liveness only that we answer. */
@ApiTags('inventory')
@Public()
@Controller('hsm/v2/service')
export class ServiceController {
  constructor(private readonly ds: DataSource) {}

  @Get('ready')
  async ready() {
    try {
      await this.ds.query('SELECT 1');
    } catch (err) {
      throw new HwctlError('DB_UNAVAILABLE', 503, 'HSM database is not reachable', undefined, { cause: err });
    }
    return smdMessage('HSM is healthy');
  }

  @Get('liveness')
  @HttpCode(204)
  liveness(): void {}
}
