import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { BootParameterEntity, BootTargetKind } from '../entities/boot-parameter.entity';

export interface BootKey {
  kind: BootTargetKind;
  target: string;
}

// Statements are chunked: SQLite caps bound variables (32766) and a PUT for a whole 10k-node
// cluster must still be one transaction.
const CHUNK = 500;

/** Queries on boot_parameters. */
@Injectable()
export class BootParametersRepository {
  constructor(private readonly ds: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(BootParameterEntity);
  }

  findAll(em?: EntityManager): Promise<BootParameterEntity[]> {
    return this.repo(em).find({ order: { kind: 'ASC', target: 'ASC' } });
  }

  /** The rows for these keys (any order; missing keys are simply absent). */
  async findKeys(keys: BootKey[], em?: EntityManager): Promise<BootParameterEntity[]> {
    const out: BootParameterEntity[] = [];
    for (const [kind, targets] of byKind(keys)) {
      for (let i = 0; i < targets.length; i += CHUNK) {
        out.push(...(await this.repo(em).findBy({ kind, target: In(targets.slice(i, i + CHUNK)) })));
      }
    }
    return out;
  }

  /** Inserts or replaces whole rows. */
  async upsert(rows: BootParameterEntity[], em: EntityManager): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.repo(em)
        .createQueryBuilder()
        .insert()
        .values(rows.slice(i, i + CHUNK))
        .orUpdate(['kernel', 'initrd', 'params', 'updated_at'], ['kind', 'target'])
        .updateEntity(false)
        .execute();
    }
  }

  async deleteKeys(keys: BootKey[], em: EntityManager): Promise<number> {
    let n = 0;
    for (const [kind, targets] of byKind(keys)) {
      for (let i = 0; i < targets.length; i += CHUNK) {
        n += (await this.repo(em).delete({ kind, target: In(targets.slice(i, i + CHUNK)) })).affected ?? 0;
      }
    }
    return n;
  }

  /** BSS "delete by config": every row whose kernel, initrd and params equal the given (non-empty) ones. */
  async deleteByConfig(match: { kernel?: string; initrd?: string; params?: string }, em: EntityManager): Promise<number> {
    const where = Object.fromEntries(Object.entries(match).filter(([, v]) => v !== undefined && v !== ''));
    if (Object.keys(where).length === 0) return 0;
    return (await this.repo(em).delete(where)).affected ?? 0;
  }
}

function byKind(keys: BootKey[]): Map<BootTargetKind, string[]> {
  const m = new Map<BootTargetKind, string[]>();
  for (const k of keys) {
    const list = m.get(k.kind);
    if (list) list.push(k.target);
    else m.set(k.kind, [k.target]);
  }
  return m;
}
