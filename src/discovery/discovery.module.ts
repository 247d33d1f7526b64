import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { RedfishTransport } from '../protocols/redfish';
import { BmcsRepository } from './bmcs/bmcs.repository';
import { BmcsService } from './bmcs/bmcs.service';
import { BmcCollector } from './collect/bmc-collector.service';
import { XnameResolver } from './collect/xname-resolver.service';
import { DiscoveryController } from './discovery.controller';
import { BmcWalker } from './collect/bmc-walker';
import { discoveryTransportProvider, discoveryWalkerProvider } from './discovery-transport.provider';
import { DISCOVERY_TRANSPORT, DISCOVERY_WALKER } from './discovery.tokens';
import { ScanRunner } from './scans/scan-runner.service';
import { ScansRepository } from './scans/scans.repository';
import { ScansService } from './scans/scans.service';
import { SchedulesRepository } from './schedules/schedules.repository';
import { SchedulesService } from './schedules/schedules.service';

/**
 * Discovery: sweeps subnets for Redfish (and IPMI) BMCs, walks them into the inventory through the SMD
 * RedfishEndpoints service, tracks each BMC's first/last seen, status and changes, and rediscover on
 * schedules claimed through the database. Exports where to reach a BMC (BmcsService.locate) for drivers.
 */
@Module({
  imports: [InventoryModule],
  controllers: [DiscoveryController],
  providers: [
    discoveryTransportProvider,
    discoveryWalkerProvider,
    ScansRepository,
    BmcsRepository,
    SchedulesRepository,
    XnameResolver,
    BmcCollector,
    ScanRunner,
    ScansService,
    BmcsService,
    SchedulesService,
  ],
  exports: [BmcsService, ScansService],
})
export class DiscoveryModule implements OnApplicationShutdown {
  constructor(
    @Inject(DISCOVERY_TRANSPORT) private readonly transport: RedfishTransport,
    @Inject(DISCOVERY_WALKER) private readonly walker: BmcWalker,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.walker.close();
    await this.transport.close();
  }
}
