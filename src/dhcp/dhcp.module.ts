import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { DhcpController } from './dhcp.controller';
import { DhcpService } from './dhcp.service';
import { DhcpHostTable } from './hosts/dhcp-host-table';
import { DhcpLeasesRepository } from './leases/dhcp-leases.repository';
import { PoolLeases } from './leases/pool-leases.service';

/** DHCP from the inventory (issue 6): the protocol server in src/protocols/dhcp, wired to our data. */
@Module({
  imports: [InventoryModule],
  controllers: [DhcpController],
  providers: [DhcpService, DhcpHostTable, DhcpLeasesRepository, PoolLeases],
  exports: [DhcpService],
})
export class DhcpModule {}
