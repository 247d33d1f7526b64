import { EthernetInterfaceEntity } from '../entities/ethernet-interface.entity';

/** CompEthInterface V2 as SMD returns it. */
export function toEthernetInterfaceJson(e: EthernetInterfaceEntity): Record<string, unknown> {
  return {
    ID: e.id,
    Description: e.description,
    MACAddress: e.macAddress,
    LastUpdate: e.lastUpdate,
    ComponentID: e.componentId,
    Type: e.type,
    IPAddresses: e.ipAddresses.map((ip) => ({ IPAddress: ip.IPAddress, ...(ip.Network ? { Network: ip.Network } : {}) })),
  };
}
