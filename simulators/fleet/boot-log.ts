/**
 * A fake but plausible boot log, so console viewers and SOL clients have something real-looking to stream:
 * firmware banner, the boot device the BMC asked for (PXE shows DHCP/TFTP lines), a kernel, and a login prompt.
 */
export type BootDevice = 'none' | 'pxe' | 'disk' | 'cdrom' | 'bios' | 'diag' | 'floppy' | 'remote';

export interface BootLogInput {
  hostname: string;
  mac: string;
  serial: string;
  device: BootDevice;
  bootCount: number;
}

export function bootLog(i: BootLogInput): string[] {
  const lines = [
    '\r\n',
    `hwctl-sim firmware 1.0 (serial ${i.serial})\r\n`,
    `Boot #${i.bootCount}: memory test 65536 MB OK\r\n`,
  ];
  switch (i.device) {
    case 'pxe':
      lines.push(
        `>>Start PXE over IPv4 on ${i.mac}\r\n`,
        '  Station IP address is 10.99.0.17\r\n',
        '  Downloading NBP file... iPXE 1.21.1\r\n',
        'iPXE> chain http://boot/bootscript\r\n',
      );
      break;
    case 'bios':
      lines.push('Entering setup...\r\n');
      return lines;
    case 'none':
    case 'disk':
    case 'cdrom':
    case 'diag':
    case 'floppy':
    case 'remote':
      lines.push(`Booting from ${i.device === 'none' ? 'disk' : i.device}...\r\n`);
      break;
  }
  lines.push(
    '[    0.000000] Linux version 6.1.0-hwctl-sim (sim@hwctl) #1 SMP\r\n',
    '[    0.000000] Command line: console=ttyS0,115200n8\r\n',
    `[    1.204518] e1000e 0000:00:19.0 eth0: ${i.mac}\r\n`,
    '[    2.771203] systemd[1]: Reached target Multi-User System.\r\n',
    '\r\n',
    `${i.hostname} login: `,
  );
  return lines;
}
