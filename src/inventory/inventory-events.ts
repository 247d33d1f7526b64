import { ChangeEvent } from '../database/replica-message';

/**
 * Inventory change events. Emitted after the transaction that made the change commits, so subscribers
 * (DHCP snapshot, cloud-init and boot caches) never see data that was rolled back; on PostgreSQL other
 * replicas re-emit them too (database/replica-events.ts).
 */
export const INVENTORY_CHANGED = 'inventory.changed';

export type InventoryEntityKind = 'component' | 'redfishEndpoint' | 'componentEndpoint' | 'ethernetInterface' | 'group';

export interface InventoryChange {
  kind: InventoryEntityKind;
  action: 'upsert' | 'delete';
  ids: string[];
}

/** With `all` set (a change too big to send to other replicas, or a reconnection) `changes` is empty. */
export interface InventoryChangedEvent extends ChangeEvent {
  changes: InventoryChange[];
}
