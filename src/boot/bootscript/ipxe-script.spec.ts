import { bootScript, buildParams, unknownNodeScript } from './ipxe-script';

// Table tests of BSS buildParams quirks (bss default_api.go). Expected strings are worked out by hand
// from the Go code, not produced by ours.
const settings = { advertiseUrl: 'http://10.0.0.1:27780', cloudInitUrl: 'http://10.0.0.1:27780/cloud-init', retryDelaySeconds: 30, unknownDelaySeconds: 10 };
const node = { xname: 'x1c0s0b0n0', nid: '16384', mac: 'aa:bb:cc:dd:ee:ff' };

describe('buildParams (BSS quirks kept on purpose)', () => {
  it.each([
    // empty params: the appended parameters bring a leading space, so initrd=initrd is followed by two
    ['', 'http://i', 'initrd=initrd  xname=x1c0s0b0n0 nid=16384 BOOTIF=01-aa-bb-cc-dd-ee-ff ds=nocloud-net;s=http://10.0.0.1:27780/cloud-init/'],
    // no initrd: nothing is cut or prepended
    ['quiet', '', 'quiet xname=x1c0s0b0n0 nid=16384 BOOTIF=01-aa-bb-cc-dd-ee-ff ds=nocloud-net;s=http://10.0.0.1:27780/cloud-init/'],
    // prefix match: "xnamefoo" counts as xname= only if it starts with "xname="; "BOOTIF=" is matched as given
    ['xname=other BOOTIF=01-00 ds=x', 'http://i', 'initrd=initrd xname=other BOOTIF=01-00 ds=x nid=16384'],
    // the first "initrd" substring is cut up to the next space, even inside another word
    ['rd.initrdfoo=1 quiet', 'http://i', 'initrd=initrd rd. quiet xname=x1c0s0b0n0 nid=16384 BOOTIF=01-aa-bb-cc-dd-ee-ff ds=nocloud-net;s=http://10.0.0.1:27780/cloud-init/'],
  ])('params %j with initrd %j', (params, initrd, expected) => {
    expect(buildParams({ kernel: 'http://k', initrd, params }, node, settings.cloudInitUrl)).toBe(expected);
  });

  it('cuts to the end where BSS would index past it (an "initrd…" last token)', () => {
    const p = buildParams({ kernel: 'k', initrd: 'i', params: 'ds=x' }, { xname: '', nid: '', mac: '' }, 'http://c');
    expect(p).toBe('initrd=initrd ds=x');
    expect(buildParams({ kernel: 'k', initrd: 'i', params: 'ds=x initrd=a' }, { xname: '', nid: '', mac: '' }, 'http://c')).toBe('initrd=initrd ds=x ');
  });
});

describe('scripts', () => {
  it('spells the boot script with trimmed params and the trailing blank line', () => {
    expect(bootScript({ kernel: 'http://k', initrd: '', params: '' }, { xname: '', nid: '', mac: '' }, 'http://c/boot/v1/bootscript?name=x&retry=1', settings)).toBe(
      '#!ipxe\nkernel --name kernel http://k ds=nocloud-net;s=http://10.0.0.1:27780/cloud-init/ || goto boot_retry\nboot || goto boot_retry\n:boot_retry\nsleep 30\nchain http://c/boot/v1/bootscript?name=x&retry=1\n\n',
    );
  });

  it('spells the unknown-node chain', () => {
    expect(unknownNodeScript('nid=5', 42, { ...settings, unknownDelaySeconds: 3 })).toBe(
      '#!ipxe\nsleep 3\nchain http://10.0.0.1:27780/boot/v1/bootscript?nid=5&arch=${buildarch}&ts=42\n\n',
    );
  });
});
