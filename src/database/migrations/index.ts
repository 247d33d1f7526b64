import { InventoryCore1764100000000 } from './1764100000000-inventory-core';
import { Groups1764100001000 } from './1764100001000-groups';

/** Every migration, oldest first. Run at start-up; tested on SQLite and PostgreSQL. */
export const MIGRATIONS = [InventoryCore1764100000000, Groups1764100001000];
