/** Redfish for hwctl: an undici client with per-BMC limits, the discovery walk, and the vendor → enum tables. */
export * from './redfish-error';
export * from './limiter';
export * from './redfish-json';
export * from './redfish-vendor.map';
export * from './redfish-walk.types';
export * from './redfish-transport';
export * from './redfish-connection';
export * from './redfish-fetcher';
export * from './redfish-nics';
export * from './redfish-walk';
