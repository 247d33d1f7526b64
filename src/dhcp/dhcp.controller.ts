import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DhcpService, DhcpStatus } from './dhcp.service';

/** `/dhcp/v1`: what the DHCP server is doing (needs a `read` token, as every GET). */
@ApiTags('dhcp')
@Controller('dhcp/v1')
export class DhcpController {
  constructor(private readonly dhcp: DhcpService) {}

  @Get('status')
  @ApiOperation({ summary: 'DHCP server state and packet counters (received, malformed, offers, acks, naks, …)' })
  status(): DhcpStatus {
    return this.dhcp.status();
  }
}
