import {
  BootDeviceSelector,
  BootParam,
  ChassisControl,
  decodeBootFlags,
  decodeChassisControl,
  decodeChassisStatus,
  decodeGetBootOptionRequest,
  decodeGetBootOptionResponse,
  decodeSetBootOption,
  encodeBootFlags,
  encodeChassisControl,
  encodeChassisStatus,
  encodeGetBootOptionResponse,
  encodeSetBootOption,
  RestorePolicy,
} from './chassis-commands.codec';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('Get Chassis Status (§28.2)', () => {
  it.each([
    ['captured: off', '000000', { powerOn: false, restorePolicy: RestorePolicy.AlwaysOff }],
    ['on, restore previous', '210000', { powerOn: true, restorePolicy: RestorePolicy.Previous }],
    ['on with power fault', '090000', { powerOn: true, powerFault: true }],
  ])('%s', (_name, wire, fields) => {
    const s = decodeChassisStatus(hex(wire));
    expect(s).toMatchObject(fields);
    expect(encodeChassisStatus(s).toString('hex')).toBe(wire);
  });

  it('keeps the optional front-panel byte', () => {
    expect(decodeChassisStatus(hex('01000000')).frontPanel).toBe(0);
    expect(() => decodeChassisStatus(hex('01'))).toThrow(/truncated/);
  });
});

describe('Chassis Control (§28.3)', () => {
  it.each([
    ['power down', ChassisControl.PowerDown, '00'],
    ['power up (captured)', ChassisControl.PowerUp, '01'],
    ['power cycle', ChassisControl.PowerCycle, '02'],
    ['hard reset', ChassisControl.HardReset, '03'],
    ['soft shutdown', ChassisControl.SoftShutdown, '05'],
  ])('%s', (_name, code, wire) => {
    expect(encodeChassisControl(code).toString('hex')).toBe(wire);
    expect(decodeChassisControl(hex(wire))).toBe(code);
  });
});

describe('System Boot Options (§28.12, §28.13)', () => {
  it.each([
    ['next boot PXE', { device: BootDeviceSelector.Pxe }, '8004000000', { valid: true, persistent: false, efi: false, device: 1 }],
    ['persistent EFI disk', { device: BootDeviceSelector.Disk, persistent: true, efi: true }, 'e008000000', { persistent: true, efi: true, device: 2 }],
    ['clear override', { device: BootDeviceSelector.NoOverride, valid: false }, '0000000000', { valid: false, device: 0 }],
  ])('boot flags: %s', (_name, input, wire, fields) => {
    expect(encodeBootFlags(input).toString('hex')).toBe(wire);
    expect(decodeBootFlags(hex(wire))).toMatchObject(fields);
  });

  it('wraps parameter 5 in a Set System Boot Options request', () => {
    const wire = encodeSetBootOption({ param: BootParam.BootFlags, data: encodeBootFlags({ device: BootDeviceSelector.Pxe }) });
    expect(wire.toString('hex')).toBe('058004000000');
    expect(decodeSetBootOption(wire)).toEqual({ param: 5, invalidate: false, data: hex('8004000000') });
  });

  it('round-trips Get System Boot Options', () => {
    expect(decodeGetBootOptionRequest(hex('050000'))).toEqual({ param: 5, setSelector: 0, blockSelector: 0 });
    const rsp = encodeGetBootOptionResponse(5, hex('8004000000'));
    expect(rsp.toString('hex')).toBe('01058004000000');
    expect(decodeGetBootOptionResponse(rsp)).toEqual({ version: 1, param: 5, invalid: false, data: hex('8004000000') });
  });

  it('rejects boot flags shorter than two bytes', () => {
    expect(() => decodeBootFlags(hex('80'))).toThrow(/need at least 2/);
  });
});
