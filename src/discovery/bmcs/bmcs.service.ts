import { Injectable } from '@nestjs/common';
import { badRequest } from '../../common/errors/hwctl-error';
import { normalizeXname } from '../../common/xname/xname';
import { normalizeXnameMap, XnameMapError } from '../collect/xname-map';
import { isoNow } from '../discovery.tokens';
import { DiscoveredBmcEntity } from '../entities/discovered-bmc.entity';
import { DiscoveryChangeEntity } from '../entities/discovery-change.entity';
import { BmcsRepository } from './bmcs.repository';

export function bmcJson(b: DiscoveredBmcEntity) {
  return {
    endpoint: b.endpoint, address: b.address, port: b.port, scheme: b.scheme, xname: b.xname || undefined, serviceUuid: b.serviceUuid || undefined,
    bmcMac: b.bmcMac || undefined, redfishVersion: b.redfishVersion || undefined, vendor: b.vendor || undefined, ipmi: b.ipmi, present: b.present,
    nodes: b.fingerprint.nodes, firstSeen: b.firstSeen, lastSeen: b.lastSeen, lastAttempt: b.lastAttempt,
    LastDiscoveryStatus: b.lastStatus, lastError: b.lastError ?? undefined,
  };
}

export function changeJson(c: DiscoveryChangeEntity) {
  return { id: c.id, at: c.at, kind: c.kind, endpoint: c.endpoint, xname: c.xname || undefined, scanId: c.scanId ?? undefined, ...c.detail };
}

/** Where to reach a BMC by its xname, for the power and console drivers (the inventory has no port). */
export interface BmcLocation {
  address: string;
  port: number;
  scheme: 'https' | 'http';
}

@Injectable()
export class BmcsService {
  constructor(private readonly repo: BmcsRepository) {}

  async list() {
    return (await this.repo.list()).map(bmcJson);
  }

  async changes(q: { endpoint?: string; xname?: string; scan?: string; since?: string; limit?: string }) {
    const limit = q.limit === undefined ? 1000 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw badRequest('limit: 1-10000', 'limit');
    const sinceId = q.since === undefined ? undefined : Number(q.since);
    if (sinceId !== undefined && !Number.isInteger(sinceId)) throw badRequest('since: a change id', 'since');
    const rows = await this.repo.listChanges({ endpoint: q.endpoint, xname: q.xname ? normalizeXname(q.xname) : undefined, scanId: q.scan, sinceId, limit });
    return rows.map(changeJson);
  }

  /** The BMC of a (BMC or node) xname, from the last successful discovery. */
  async locate(xname: string): Promise<BmcLocation | undefined> {
    const bmc = normalizeXname(xname).replace(/n\d+$/, '');
    const rows = (await this.repo.findByXname(bmc)).filter((r) => r.present);
    const r = rows[0];
    return r ? { address: r.address, port: r.port, scheme: r.scheme === 'http' ? 'http' : 'https' } : undefined;
  }

  async xnameMap() {
    return { map_key: 'bmc-ip-addr', id_map: Object.fromEntries((await this.repo.xnameMap()).map((e) => [e.address, e.xname])) };
  }

  async putXnameMap(body: unknown) {
    let map: Map<string, string>;
    try {
      map = normalizeXnameMap(body, 'body');
    } catch (err) {
      if (err instanceof XnameMapError) throw badRequest(err.message, err.field);
      throw err;
    }
    await this.repo.replaceXnameMap([...map], isoNow());
    return this.xnameMap();
  }
}
