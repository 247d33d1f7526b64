import { bootfileForArch, chooseBootfile } from './boot-file';

const files = { bios: 'undionly.kpxe', efiIa32: 'ipxe-i386.efi', efiX64: 'snponly.efi', efiArm32: 'ipxe-arm32.efi', efiArm64: 'ipxe-arm64.efi' };
const URL = 'http://10.0.0.1:27780/boot/v1/bootscript?mac=52:54:00:12:34:56';

describe('boot file by option 93 / 77 (coresmd rules, reference §5)', () => {
  it.each<[number[], string | undefined]>([
    [[0], 'undionly.kpxe'],
    [[6], 'ipxe-i386.efi'],
    [[7], 'snponly.efi'],
    [[9], 'snponly.efi'],
    [[10], 'ipxe-arm32.efi'],
    [[11], 'ipxe-arm64.efi'],
    [[11, 0], 'ipxe-arm64.efi'],
    [[], undefined],
    [[16], undefined],
  ])('arch %j → %s', (arch, file) => {
    expect(bootfileForArch(arch, files)).toBe(file);
  });

  it('no or unknown option 93 → HWCTL_DHCP_BOOTFILE_DEFAULT when set', () => {
    expect(bootfileForArch([], { ...files, default: 'ipxe.efi' })).toBe('ipxe.efi');
  });

  it('script stage → the bootscript URL whatever the architecture; binary stage → the file for it', () => {
    expect(chooseBootfile('script', [0], files, () => URL)).toBe(URL);
    expect(chooseBootfile('script', [], files, () => URL)).toBe(URL);
    expect(chooseBootfile('binary', [7], files, () => URL)).toBe('snponly.efi');
    expect(chooseBootfile('binary', [0], files, () => URL)).toBe('undionly.kpxe');
  });
});
