import { Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, EntityManager } from 'typeorm';
import { ReplicaEvents } from './replica-events';
import { encodeReplicaMessage, REPLICA_EVENTS_CHANNEL } from './replica-message';

/** The parts of ReplicaEvents that need no server: what it sends, and what it re-emits. */
describe('ReplicaEvents', () => {
  const setup = (type: 'postgres' | 'better-sqlite3') => {
    const emitter = new EventEmitter2();
    const seen: [string, unknown][] = [];
    emitter.onAny((event, payload) => seen.push([String(event), payload]));
    const r = new ReplicaEvents({ options: { type } } as unknown as DataSource, emitter);
    r.declare('inventory.changed', (at) => ({ changes: [], all: true, at }));
    const receive = (payload: string) => (r as unknown as { received(p: string): void }).received(payload);
    return { r, seen, receive };
  };

  it('queues pg_notify on the transaction it is given, on PostgreSQL only', async () => {
    const queries: [string, unknown[]][] = [];
    const em = { query: async (sql: string, params: unknown[]) => queries.push([sql, params]) } as unknown as EntityManager;
    const pg = setup('postgres').r;
    await pg.publish(em, 'inventory.changed', { changes: [], at: 't' });
    expect(queries).toEqual([['SELECT pg_notify($1, $2)', [REPLICA_EVENTS_CHANNEL, encodeReplicaMessage(pg.origin, 'inventory.changed', { changes: [], at: 't' })]]]);
    await setup('better-sqlite3').r.publish(em, 'inventory.changed', { changes: [], at: 't' });
    expect(queries).toHaveLength(1);
  });

  it('re-emits other replicas’ events as sent, and "everything changed" through the declared payload', () => {
    const { seen, receive } = setup('postgres');
    const change = { changes: [{ kind: 'component', action: 'upsert', ids: ['x1000c1s7b1n0'] }], at: 't' };
    receive(encodeReplicaMessage('other', 'inventory.changed', change));
    receive(JSON.stringify({ origin: 'other', event: 'inventory.changed', all: true }));
    expect(seen).toEqual([
      ['inventory.changed', change],
      ['inventory.changed', { changes: [], all: true, at: expect.any(String) }],
    ]);
  });

  it('drops its own notifications silently, undeclared events and foreign payloads with a warning', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const { r, seen, receive } = setup('postgres');
      receive(encodeReplicaMessage(r.origin, 'inventory.changed', { changes: [], at: 't' }));
      expect(warn).not.toHaveBeenCalled();
      receive(encodeReplicaMessage('other', 'power.changed', { at: 't' }));
      receive('not ours');
      expect(seen).toEqual([]);
      expect(warn.mock.calls.map(([m]) => (m as { msg: string }).msg)).toEqual(['ignored an undeclared replica event', 'ignored a notification that is not a replica event']);
    } finally {
      warn.mockRestore();
    }
  });

  it('gives every app instance its own origin', () => {
    expect(setup('postgres').r.origin).not.toBe(setup('postgres').r.origin);
  });
});
