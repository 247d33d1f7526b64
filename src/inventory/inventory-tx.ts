import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, EntityManager } from 'typeorm';
import { INVENTORY_CHANGED, InventoryChange, InventoryChangedEvent } from './inventory-events';

/** Collects what a unit of work changed, to announce once it has committed. */
export class ChangeSet {
  readonly changes: InventoryChange[] = [];
  add(change: InventoryChange): void {
    if (change.ids.length > 0) this.changes.push(change);
  }
}

/**
 * Runs inventory writes in one transaction (no half-written records), then emits one
 * `inventory.changed` event describing everything it did. A failed transaction emits nothing.
 */
@Injectable()
export class InventoryTx {
  constructor(
    private readonly ds: DataSource,
    private readonly events: EventEmitter2,
  ) {}

  async run<T>(work: (em: EntityManager, changes: ChangeSet) => Promise<T>): Promise<T> {
    const changes = new ChangeSet();
    const result = await this.ds.transaction((em) => work(em, changes));
    if (changes.changes.length > 0) {
      const event: InventoryChangedEvent = { changes: changes.changes, at: new Date().toISOString() };
      this.events.emit(INVENTORY_CHANGED, event);
    }
    return result;
  }
}
