import { DiscoveredBmcEntity } from './discovered-bmc.entity';
import { DiscoveryChangeEntity } from './discovery-change.entity';
import { DiscoveryScheduleEntity } from './discovery-schedule.entity';
import { ScanResultEntity } from './scan-result.entity';
import { ScanEntity } from './scan.entity';
import { XnameMapEntity } from './xname-map.entity';

/** Every entity of the discovery module (for src/database/entities.ts). */
export const DISCOVERY_ENTITIES = [ScanEntity, ScanResultEntity, DiscoveredBmcEntity, DiscoveryChangeEntity, DiscoveryScheduleEntity, XnameMapEntity];
