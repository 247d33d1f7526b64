import { isIpxeFamily, skipProxyDhcp } from './ipxe-no-pxedhcp';

const ENCAP = Buffer.from([0xeb, 3, 1, 0, 0]); // option 175 as an iPXE request carries it (version sub-option)
const URL = 'http://10.0.0.1:27780/boot/v1/bootscript?mac=52:54:00:12:34:56';

describe('option 175.176 (NoPxeDhcp) decision', () => {
  it.each<[string, { userClasses: string[]; ipxeOptions?: Buffer }, boolean]>([
    ['user class "iPXE"', { userClasses: ['iPXE'] }, true],
    ['option 175 only (gPXE, or iPXE without a user class)', { userClasses: [], ipxeOptions: ENCAP }, true],
    ['both', { userClasses: ['iPXE'], ipxeOptions: ENCAP }, true],
    ['PXE firmware (neither)', { userClasses: [], ipxeOptions: undefined }, false],
    ['another user class', { userClasses: ['MyOS'] }, false],
  ])('iPXE family: %s → %s', (_n, req, expected) => {
    expect(isIpxeFamily(req)).toBe(expected);
  });

  it.each<[string, boolean, { userClasses: string[]; ipxeOptions?: Buffer }, string | undefined, boolean]>([
    ['iPXE with its bootscript URL', true, { userClasses: ['iPXE'] }, URL, true],
    ['an iPXE ROM given our binary (chainloading)', true, { userClasses: ['iPXE'] }, 'undionly.kpxe', true],
    ['option 175 only, with a boot file', true, { userClasses: [], ipxeOptions: ENCAP }, 'snponly.efi', true],
    ['iPXE but no boot file (unknown arch, no default)', true, { userClasses: ['iPXE'] }, undefined, false],
    ['PXE firmware with a boot file', true, { userClasses: [] }, 'undionly.kpxe', false],
    ['turned off (a ProxyDHCP server runs beside us)', false, { userClasses: ['iPXE'], ipxeOptions: ENCAP }, URL, false],
  ])('%s', (_n, enabled, req, bootfile, expected) => {
    expect(skipProxyDhcp(enabled, req, bootfile)).toBe(expected);
  });
});
