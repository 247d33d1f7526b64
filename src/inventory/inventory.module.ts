import { Module } from '@nestjs/common';
import { ReplicaEvents } from '../database/replica-events';
import { ComponentsController } from './components/components.controller';
import { ComponentsRepository } from './components/components.repository';
import { ComponentsService } from './components/components.service';
import { secretBoxProvider } from './credentials.provider';
import { EthernetInterfacesController } from './ethernet-interfaces/ethernet-interfaces.controller';
import { EthernetInterfacesRepository } from './ethernet-interfaces/ethernet-interfaces.repository';
import { EthernetInterfacesService } from './ethernet-interfaces/ethernet-interfaces.service';
import { GroupsController, MembershipsController } from './groups/groups.controller';
import { GroupsRepository } from './groups/groups.repository';
import { GroupsService } from './groups/groups.service';
import { InventoryReader } from './inventory-reader';
import { InventoryTx } from './inventory-tx';
import { LoadController } from './load/load.controller';
import { LoadService } from './load/load.service';
import { ComponentEndpointsController, RedfishEndpointsController } from './redfish-endpoints/redfish-endpoints.controller';
import { RedfishEndpointsRepository } from './redfish-endpoints/redfish-endpoints.repository';
import { RedfishEndpointsService } from './redfish-endpoints/redfish-endpoints.service';
import { ServiceController } from './service.controller';

/** The SMD-compatible inventory (`/hsm/v2`) and hwctl's bulk load (`/inventory/v1`). */
@Module({
  controllers: [
    ComponentsController,
    RedfishEndpointsController,
    ComponentEndpointsController,
    EthernetInterfacesController,
    GroupsController,
    MembershipsController,
    ServiceController,
    LoadController,
  ],
  providers: [
    // Provided (and exported) here because the inventory owns the main change event, and every module
    // whose writes feed a cache (cloud-init, boot) already imports this one: one instance, one listener.
    ReplicaEvents,
    InventoryTx,
    InventoryReader,
    secretBoxProvider,
    ComponentsRepository,
    ComponentsService,
    EthernetInterfacesRepository,
    EthernetInterfacesService,
    RedfishEndpointsRepository,
    RedfishEndpointsService,
    GroupsRepository,
    GroupsService,
    LoadService,
  ],
  exports: [ReplicaEvents, InventoryReader, ComponentsService, EthernetInterfacesService, RedfishEndpointsService, GroupsService],
})
export class InventoryModule {}
