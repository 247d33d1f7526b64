import * as fs from 'node:fs';
import { Provider } from '@nestjs/common';
import { HWCTL_CONFIG } from '../config/config.module';
import { HwctlConfig } from '../config/config';
import { RedfishTransport } from '../protocols/redfish';
import { DISCOVERY_TRANSPORT } from './discovery.tokens';

/** The Redfish client for discovery, configured from HWCTL_DISCOVERY_* (TLS verification off unless asked). */
export const discoveryTransportProvider: Provider = {
  provide: DISCOVERY_TRANSPORT,
  inject: [HWCTL_CONFIG],
  useFactory: (config: HwctlConfig) => {
    const d = config.discovery;
    return new RedfishTransport({
      perBmcInFlight: d.perBmcInFlight,
      globalInFlight: d.globalInFlight,
      requestTimeoutMs: d.requestTimeoutMs,
      retries: d.retries,
      tls: { verify: d.tlsVerify, ca: d.caFile ? fs.readFileSync(d.caFile) : undefined },
    });
  },
};
