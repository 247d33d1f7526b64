import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, EntityManager } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { PgEventBridge } from './pg-event-bridge';
import { decodeReplicaMessage, encodeReplicaMessage, REPLICA_EVENTS_CHANNEL } from './replica-message';

/**
 * Carries the change events that in-memory caches depend on (`inventory.changed`, cloud-init and
 * boot-parameter writes) to every replica of one PostgreSQL database (DESIGN.md: several replicas, state
 * in the database only). A writer calls publish() inside its transaction, so PostgreSQL delivers the
 * NOTIFY on commit and never for rolled-back work; every other replica re-emits the event in-process
 * under the same name, so its consumers cannot tell a remote change from a local one. On SQLite (one
 * process by construction) this does nothing.
 */
@Injectable()
export class ReplicaEvents implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('replica-events');
  /** Per process (per app instance): all that is needed to drop our own notifications. */
  readonly origin = randomUUID();
  private readonly declared = new Map<string, (at: string) => object>();
  private bridge?: PgEventBridge;

  constructor(
    private readonly ds: DataSource,
    private readonly events: EventEmitter2,
  ) {}

  get enabled(): boolean {
    return this.ds.options.type === 'postgres';
  }

  /** Backend pid of the listening session while connected (undefined on SQLite or while reconnecting). */
  get listenerPid(): number | undefined {
    return this.bridge?.pid;
  }

  /**
   * Makes `event` travel between replicas. `everything` builds the payload that means "anything may have
   * changed" (sent when a change is too big for a notification, and after a reconnection). Events that
   * were not declared are not re-emitted, whoever NOTIFYs them.
   */
  declare(event: string, everything: (at: string) => object): void {
    this.declared.set(event, everything);
  }

  /** Queues the NOTIFY in the transaction of `em`; call it last, just before the commit. */
  async publish(em: EntityManager, event: string, change: object): Promise<void> {
    if (!this.enabled) return;
    await em.query('SELECT pg_notify($1, $2)', [REPLICA_EVENTS_CHANNEL, encodeReplicaMessage(this.origin, event, change)]);
  }

  /** LISTEN before any bootstrap hook loads a cache (DHCP's snapshot), so no change falls in between. */
  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    const options = this.ds.options as PostgresConnectionOptions;
    this.bridge = new PgEventBridge({
      // dataSourceOptions() (data-source.ts) builds the PostgreSQL options from HWCTL_DATABASE_URL alone
      // (TLS settings included, as `sslmode=` in the URL), so the same URL reaches the same server.
      // TCP keepalive: an idle LISTEN session sends nothing, so a silently dead peer would go unnoticed.
      connection: { connectionString: options.url, application_name: 'hwctl-events', keepAlive: true, keepAliveInitialDelayMillis: 10_000 },
      channel: REPLICA_EVENTS_CHANNEL,
      onNotify: (payload) => this.received(payload),
      onResync: () => this.everythingChanged(),
      log: { warn: (msg, ctx) => this.log.warn({ msg, ...ctx }), info: (msg, ctx) => this.log.log({ msg, ...ctx }) },
    });
    await this.bridge.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.bridge?.close();
  }

  private received(payload: string): void {
    const m = decodeReplicaMessage(payload);
    if (!m) return this.log.warn({ msg: 'ignored a notification that is not a replica event', channel: REPLICA_EVENTS_CHANNEL });
    if (m.origin === this.origin) return;
    const everything = this.declared.get(m.event);
    if (!everything) return this.log.warn({ msg: 'ignored an undeclared replica event', event: m.event });
    this.events.emit(m.event, m.all ? everything(new Date().toISOString()) : m.change);
  }

  private everythingChanged(): void {
    const at = new Date().toISOString();
    for (const [event, everything] of this.declared) this.events.emit(event, everything(at));
  }
}
