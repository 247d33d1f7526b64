/**
 * Option 67, as coresmd chooses it (reference §5): a client whose user class (option 77) is "iPXE"
 * is already running iPXE and gets its bootscript URL; anything else gets the iPXE binary for its
 * architecture (option 93, RFC 4578 §2.1) over TFTP. Names are configurable (HWCTL_DHCP_BOOTFILE_*);
 * the defaults for BIOS and x86-64 UEFI are files Debian's `ipxe` package ships in /usr/lib/ipxe.
 * With HWCTL_DHCP_IPXE_CHAINLOAD=always an iPXE ROM gets the binary first (./ipxe-chainload.ts).
 */
import { ClientArch } from '../../protocols/dhcp';
import { DhcpConfig } from '../../config/config';
import type { BootStage } from './ipxe-chainload';

export function isIpxe(userClasses: readonly string[]): boolean {
  return userClasses.includes('iPXE');
}

/** The TFTP file for an architecture; `default` when the client sent no (or an unknown) option 93. */
export function bootfileForArch(arch: readonly number[], files: DhcpConfig['bootfiles']): string | undefined {
  switch (arch[0]) {
    case ClientArch.X86Bios:
      return files.bios;
    case ClientArch.EfiIa32:
      return files.efiIa32;
    case ClientArch.EfiBc:
    case ClientArch.EfiX86_64:
      return files.efiX64;
    case ClientArch.EfiArm32:
      return files.efiArm32;
    case ClientArch.EfiArm64:
      return files.efiArm64;
    default:
      return files.default;
  }
}

/** What a client should load next: `ipxeScript()` at the script stage, the architecture's binary otherwise. */
export function chooseBootfile(
  stage: BootStage,
  clientArch: readonly number[],
  files: DhcpConfig['bootfiles'],
  ipxeScript: () => string,
): string | undefined {
  return stage === 'script' ? ipxeScript() : bootfileForArch(clientArch, files);
}
