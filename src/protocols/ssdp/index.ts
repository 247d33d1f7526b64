/** SSDP (DSP0266 Discovery): M-SEARCH for Redfish services, as a hint for the discovery sweep. */
export * from './ssdp.codec';
export * from './ssdp-search';
export * from './ssdp-multicast';
