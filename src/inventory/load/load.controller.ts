import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { LoadDto } from './load.dto';
import { LoadService } from './load.service';

/** `POST /inventory/v1/load`: used by `hwctl inventory load FILE`. */
@ApiTags('inventory')
@Controller('inventory/v1')
export class LoadController {
  constructor(private readonly loader: LoadService) {}

  @Post('load')
  @HttpCode(200)
  load(@Body() body: LoadDto) {
    return this.loader.load(body);
  }
}
