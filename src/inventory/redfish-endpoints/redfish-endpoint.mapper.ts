import { ComponentEndpointEntity } from '../entities/component-endpoint.entity';
import { RedfishEndpointEntity } from '../entities/redfish-endpoint.entity';

/** SMD's RedfishEndpoint JSON minus the password: credentials are write-only here. */
export function toRedfishEndpointJson(r: RedfishEndpointEntity): Record<string, unknown> {
  return {
    ID: r.id,
    Type: r.type,
    Name: r.name,
    Hostname: r.hostname,
    Domain: r.domain,
    FQDN: r.fqdn,
    Enabled: r.enabled,
    UUID: r.uuid,
    User: r.user,
    UseSSDP: r.useSsdp,
    MACRequired: r.macRequired,
    MACAddr: r.macAddr,
    IPAddress: r.ipAddress,
    RediscoverOnUpdate: r.rediscoverOnUpdate,
    ...(r.templateId ? { TemplateID: r.templateId } : {}),
    DiscoveryInfo: r.discoveryInfo,
  };
}

export function toComponentEndpointJson(c: ComponentEndpointEntity, fqdn: string): Record<string, unknown> {
  const infoKey = c.redfishType === 'Manager' ? 'RedfishManagerInfo' : 'RedfishSystemInfo';
  return {
    ID: c.id,
    Type: c.type,
    RedfishType: c.redfishType,
    RedfishSubtype: c.redfishSubtype,
    UUID: c.uuid,
    OdataID: c.odataId,
    RedfishEndpointID: c.redfishEndpointId,
    Enabled: c.enabled,
    RedfishEndpointFQDN: fqdn,
    RedfishURL: c.redfishUrl,
    ComponentEndpointType: c.componentEndpointType,
    [infoKey]: c.info,
  };
}
