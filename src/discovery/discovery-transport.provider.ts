import * as fs from 'node:fs';
import { Provider } from '@nestjs/common';
import { HWCTL_CONFIG } from '../config/config.module';
import { HwctlConfig } from '../config/config';
import { RedfishTransport } from '../protocols/redfish';
import { InThreadWalker, WorkerWalker } from './collect/bmc-walker';
import { DISCOVERY_TRANSPORT, DISCOVERY_WALKER } from './discovery.tokens';

/** The Redfish client for discovery, configured from HWCTL_DISCOVERY_* (TLS verification off unless asked). */
export const discoveryTransportProvider: Provider = {
  provide: DISCOVERY_TRANSPORT,
  inject: [HWCTL_CONFIG],
  useFactory: (config: HwctlConfig) => {
    return new RedfishTransport(transportOptions(config));
  },
};

function transportOptions(config: HwctlConfig) {
  const d = config.discovery;
  return {
    perBmcInFlight: d.perBmcInFlight,
    globalInFlight: d.globalInFlight,
    requestTimeoutMs: d.requestTimeoutMs,
    retries: d.retries,
    tls: { verify: d.tlsVerify, ca: d.caFile ? fs.readFileSync(d.caFile) : undefined },
  };
}

/** Who runs collect walks: worker threads (HWCTL_DISCOVERY_WALK_THREADS ≥ 1, when the runtime has the worker file) or this thread. */
export const discoveryWalkerProvider: Provider = {
  provide: DISCOVERY_WALKER,
  inject: [HWCTL_CONFIG, DISCOVERY_TRANSPORT],
  useFactory: (config: HwctlConfig, transport: RedfishTransport) =>
    (config.discovery.walkThreads > 0 ? WorkerWalker.create(transportOptions(config), config.discovery.walkThreads) : undefined) ?? new InThreadWalker(transport),
};
