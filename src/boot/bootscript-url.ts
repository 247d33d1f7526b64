import { HwctlConfig } from '../config/config';

/**
 * The URL a node's iPXE fetches its script from: DHCP option 67 when the client's user class is "iPXE"
 * (coresmd: `<ipxe_base_uri>/boot/v1/bootscript?mac=<mac>`, reference §5), built from
 * HWCTL_BOOT_ADVERTISE_URL. `mac` is put in as given; pass it normalized (aa:bb:cc:dd:ee:ff), as iPXE's
 * ${net0/mac} is and as the bootscript cache keys it. Pure, so the DHCP server can call it per packet.
 */
export function bootscriptUrl(config: Pick<HwctlConfig, 'boot'>, mac: string): string {
  return `${config.boot.advertiseUrl}/boot/v1/bootscript?mac=${mac}`;
}
