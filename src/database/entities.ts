import { BootParameterEntity } from '../boot/entities/boot-parameter.entity';
import { CloudInitEntryEntity } from '../cloudinit/entities/cloud-init-entry.entity';
import { CloudInitClusterDefaultsEntity, CloudInitInstanceInfoEntity } from '../cloudinit/entities/cloud-init-settings.entity';
import { DhcpLeaseEntity } from '../dhcp/leases/dhcp-lease.entity';
import { DISCOVERY_ENTITIES } from '../discovery/entities';
import { ComponentEntity } from '../inventory/entities/component.entity';
import { ComponentEndpointEntity } from '../inventory/entities/component-endpoint.entity';
import { EthernetInterfaceEntity } from '../inventory/entities/ethernet-interface.entity';
import { GroupEntity, GroupMemberEntity } from '../inventory/entities/group.entity';
import { RedfishEndpointEntity } from '../inventory/entities/redfish-endpoint.entity';

/** Every entity of every module, for the one data source. */
export const ENTITIES = [
  ComponentEntity,
  RedfishEndpointEntity,
  ComponentEndpointEntity,
  EthernetInterfaceEntity,
  GroupEntity,
  GroupMemberEntity,
  CloudInitEntryEntity,
  CloudInitClusterDefaultsEntity,
  CloudInitInstanceInfoEntity,
  DhcpLeaseEntity,
  BootParameterEntity,
  ...DISCOVERY_ENTITIES,
];
