/**
 * IPMI boot device selector (§28.13 boot flags data 2 bits 5:2) ↔ the simulator's BootDevice: the one
 * explicit vendor-value table for this face (STYLE.md §4).
 */
import { BootDeviceSelector } from '../../src/protocols/ipmi';
import { BootDevice } from '../fleet/boot-log';

export function bootDeviceFromSelector(selector: number): BootDevice {
  switch (selector) {
    case BootDeviceSelector.NoOverride:
      return 'none';
    case BootDeviceSelector.Pxe:
      return 'pxe';
    case BootDeviceSelector.Disk:
    case BootDeviceSelector.DiskSafeMode:
      return 'disk';
    case BootDeviceSelector.Diagnostic:
      return 'diag';
    case BootDeviceSelector.Cdrom:
      return 'cdrom';
    case BootDeviceSelector.BiosSetup:
      return 'bios';
    case BootDeviceSelector.Floppy:
      return 'floppy';
    default:
      return 'remote';
  }
}

export function selectorFromBootDevice(device: BootDevice): number {
  switch (device) {
    case 'none':
      return BootDeviceSelector.NoOverride;
    case 'pxe':
      return BootDeviceSelector.Pxe;
    case 'disk':
      return BootDeviceSelector.Disk;
    case 'diag':
      return BootDeviceSelector.Diagnostic;
    case 'cdrom':
      return BootDeviceSelector.Cdrom;
    case 'bios':
      return BootDeviceSelector.BiosSetup;
    case 'floppy':
      return BootDeviceSelector.Floppy;
    case 'remote':
      return BootDeviceSelector.RemoteMedia;
  }
}
