import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/auth.decorators';
import { parseBootscriptQuery } from './bootscript-query';
import { BootscriptService } from './bootscript.service';

/**
 * BSS `/boot/v1/bootscript` and `/boot/v1/service/status` (reference §3.2–3.3). Both are open: iPXE on a
 * booting node has no token.
 */
@ApiTags('boot')
@Controller('boot/v1')
export class BootscriptController {
  constructor(private readonly bootscripts: BootscriptService) {}

  @Public()
  @Get('bootscript')
  async bootscript(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const answer = await this.bootscripts.answer(parseBootscriptQuery(query));
    // res.end, not res.send: the script is final bytes; no ETag hashing or charset rewriting per request.
    res.status(200).setHeader('Content-Type', answer.contentType);
    res.setHeader('Content-Length', Buffer.byteLength(answer.body));
    res.end(answer.body);
  }

  @Public()
  @Get('service/status')
  status() {
    return { 'bss-status': 'running' };
  }
}
