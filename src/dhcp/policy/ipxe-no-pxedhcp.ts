/**
 * Whether a reply tells the client not to wait for ProxyDHCP (HWCTL_DHCP_IPXE_NO_PXEDHCP, default on).
 *
 * iPXE's DHCP client, after the first DHCPOFFER, keeps listening for ProxyDHCP offers (PXE boot servers
 * answering beside the DHCP server) for PROXYDHCP_MAX_TIMEOUT = 2 s, checked on its retransmission timer:
 * ~3 s of every iPXE DHCP exchange (test/interop/pxe-qemu.test.ts: ACK at 5.3 s instead of ~2.3 s; with
 * HWCTL_DHCP_IPXE_CHAINLOAD=always twice per boot). Option 175 sub-option 176 (DHCP_EB_NO_PXEDHCP,
 * iPXE include/ipxe/dhcp.h) set non-zero in the offer ends that wait at once (src/net/udp/dhcp.c
 * `dhcp_discovery_rx`) and makes iPXE ignore PXE-specific options; hwctl sends none (no option 43/60).
 * dnsmasq sites do the same with `dhcp-option=tag:ipxe,encap:175,176,1b`.
 *
 * Sent only to iPXE-family clients — user class "iPXE" (what coresmd matches) or option 175 in the request,
 * which iPXE and gPXE always send and both define 176 alike — and only with a boot file (the bootscript
 * URL, or our binary to an iPXE ROM under chainloading): plain PXE ROMs do not know option 175. A site
 * running a real ProxyDHCP/PXE boot server next to hwctl sets HWCTL_DHCP_IPXE_NO_PXEDHCP=false.
 */
import { isIpxe } from './boot-file';

export interface IpxeClientMarks {
  userClasses: readonly string[];
  /** Option 175 from the request, if any. */
  ipxeOptions?: Buffer;
}

/** An iPXE (or gPXE) client: user class "iPXE" or its encapsulated options (175) in the request. */
export function isIpxeFamily(req: IpxeClientMarks): boolean {
  return isIpxe(req.userClasses) || req.ipxeOptions !== undefined;
}

/** True when the reply should carry option 175 with NoPxeDhcp = 1. */
export function skipProxyDhcp(enabled: boolean, req: IpxeClientMarks, bootfile: string | undefined): boolean {
  return enabled && !!bootfile && isIpxeFamily(req);
}
