/**
 * In-process inventory change events. Emitted after the transaction that made the change commits,
 * so subscribers (DHCP snapshot, cloud-init caches) never see data that was rolled back.
 */
export const INVENTORY_CHANGED = 'inventory.changed';

export type InventoryEntityKind = 'component' | 'redfishEndpoint' | 'componentEndpoint' | 'ethernetInterface' | 'group';

export interface InventoryChange {
  kind: InventoryEntityKind;
  action: 'upsert' | 'delete';
  ids: string[];
}

export interface InventoryChangedEvent {
  changes: InventoryChange[];
  at: string;
}
