import { InventoryCore1764100000000 } from './1764100000000-inventory-core';
import { Groups1764100001000 } from './1764100001000-groups';
import { CloudInit1764200000000 } from './1764200000000-cloud-init';
import { BootParameters1764300000000 } from './1764300000000-boot-parameters';
import { DhcpLeases1764400000000 } from './1764400000000-dhcp-leases';
import { Discovery1764500000000 } from './1764500000000-discovery';

/** Every migration, oldest first. Run at start-up; tested on SQLite and PostgreSQL. */
export const MIGRATIONS = [InventoryCore1764100000000, Groups1764100001000, CloudInit1764200000000, BootParameters1764300000000, DhcpLeases1764400000000, Discovery1764500000000];
