import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, EntityManager } from 'typeorm';
import { ReplicaEvents } from '../database/replica-events';
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
 * The same event goes to the other replicas, queued in the transaction so it leaves only on commit.
 */
@Injectable()
export class InventoryTx {
  constructor(
    private readonly ds: DataSource,
    private readonly events: EventEmitter2,
    private readonly replicas: ReplicaEvents,
  ) {
    replicas.declare(INVENTORY_CHANGED, (at): InventoryChangedEvent => ({ changes: [], all: true, at }));
  }

  async run<T>(work: (em: EntityManager, changes: ChangeSet) => Promise<T>): Promise<T> {
    const changes = new ChangeSet();
    const { result, event } = await this.ds.transaction(async (em) => {
      const result = await work(em, changes);
      if (changes.changes.length === 0) return { result };
      const event: InventoryChangedEvent = { changes: changes.changes, at: new Date().toISOString() };
      await this.replicas.publish(em, INVENTORY_CHANGED, event);
      return { result, event };
    });
    if (event) this.events.emit(INVENTORY_CHANGED, event);
    return result;
  }
}
