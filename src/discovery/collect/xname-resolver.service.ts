import * as fs from 'node:fs';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { HWCTL_CONFIG } from '../../config/config.module';
import { HwctlConfig } from '../../config/config';
import { RedfishEndpointsService } from '../../inventory/redfish-endpoints/redfish-endpoints.service';
import { BmcsRepository } from '../bmcs/bmcs.repository';
import { generatedXname } from './xname-generator';
import { parseXnameMap } from './xname-map';

export type XnameDecision = { xname: string; source: 'request-map' | 'stored-map' | 'file-map' | 'known' | 'inventory' | 'generated' } | { skip: string } | { conflict: string };

/**
 * Which xname a BMC at an address gets. In order: the map given with the request, the map stored through
 * the API, the map file (HWCTL_DISCOVERY_XNAME_MAP_FILE); then the name it already has (discovery's own
 * record, or an inventory RedfishEndpoint whose FQDN is this address — rediscovery updates in place);
 * then the collision-free generator. With a map in force and `unmapped: skip`, an unmapped BMC is skipped
 * (status NotInMap) instead of named. A name already held by a BMC at another address is a conflict.
 */
@Injectable()
export class XnameResolver {
  private readonly log = new Logger('discovery');

  constructor(
    @Inject(HWCTL_CONFIG) private readonly config: HwctlConfig,
    private readonly bmcs: BmcsRepository,
    private readonly endpoints: RedfishEndpointsService,
  ) {}

  /** The stored and file maps merged (stored wins), read once per run. */
  async standingMaps(): Promise<{ stored: Map<string, string>; file: Map<string, string> }> {
    const stored = new Map((await this.bmcs.xnameMap()).map((e) => [e.address, e.xname]));
    let file = new Map<string, string>();
    const path = this.config.discovery.xnameMapFile;
    if (path) {
      try {
        file = parseXnameMap(fs.readFileSync(path, 'utf8'), 'HWCTL_DISCOVERY_XNAME_MAP_FILE');
      } catch (err) {
        this.log.warn(`xname map file ${path} not used: ${(err as Error).message}`);
      }
    }
    return { stored, file };
  }

  async resolve(
    address: string,
    endpoint: string,
    maps: { request?: Map<string, string>; stored: Map<string, string>; file: Map<string, string> },
    unmapped: 'generate' | 'skip',
    /** Discovery's record of this endpoint when the caller has it already (undefined: look it up). */
    known?: { xname: string } | null,
  ): Promise<XnameDecision> {
    let decision: Extract<XnameDecision, { xname: string }> | undefined;
    if (maps.request?.has(address)) decision = { xname: maps.request.get(address)!, source: 'request-map' };
    else if (maps.stored.has(address)) decision = { xname: maps.stored.get(address)!, source: 'stored-map' };
    else if (maps.file.has(address)) decision = { xname: maps.file.get(address)!, source: 'file-map' };
    else if (unmapped === 'skip' && ((maps.request?.size ?? 0) > 0 || maps.stored.size > 0 || maps.file.size > 0)) return { skip: `${address} is not in the xname map` };
    if (!decision) {
      const stored = known === undefined ? await this.bmcs.find(endpoint) : known;
      if (stored?.xname) decision = { xname: stored.xname, source: 'known' };
    }
    if (!decision) {
      const ep = await this.endpoints.lookup({ fqdn: address });
      if (ep) decision = { xname: ep.ID, source: 'inventory' };
    }
    decision ??= { xname: generatedXname(address), source: 'generated' };
    return this.checkFree(decision, address, endpoint);
  }

  private async checkFree(d: Extract<XnameDecision, { xname: string }>, address: string, endpoint: string): Promise<XnameDecision> {
    const holders = (await this.bmcs.findByXname(d.xname)).filter((b) => b.endpoint !== endpoint && b.present);
    if (holders.length > 0) return { conflict: `${d.xname} already names the BMC at ${holders[0].endpoint}` };
    // A name found as the endpoint registered at this very address needs no second look.
    const ep = d.source === 'inventory' ? undefined : await this.endpoints.lookup({ id: d.xname });
    if (ep?.FQDN && ep.FQDN !== address) return { conflict: `${d.xname} is already the RedfishEndpoint of ${ep.FQDN}` };
    return d;
  }
}
