import { canonicalResetType, managerTypeName, powerOpsOf, toManagerKind, toPowerState, toSystemKind } from './redfish-vendor.map';

describe('vendor values → hwctl enums', () => {
  it.each([
    ['On', 'on'],
    ['off', 'off'],
    ['PoweringOn', 'powering-on'],
    ['Starting', 'unknown'], // bmcweb#12: invalid value seen in the wild
    [undefined, 'unknown'],
  ])('PowerState %p → %p', (raw, want) => expect(toPowerState(raw)).toBe(want));

  it('maps the reset sets seen on real BMCs onto our operations', () => {
    // Cray EX (ex425 ResetActionInfo): "Off" is not DMTF; PCS treats it as a soft off.
    expect(powerOpsOf(['ForceOff', 'On', 'Off'])).toEqual(['on', 'force-off', 'soft-off']);
    // Gigabyte/AMI: no graceful restart.
    expect(powerOpsOf(['GracefulShutdown', 'ForceRestart', 'ForceOff', 'On'])).toEqual(['on', 'force-off', 'soft-off', 'hard-restart']);
    // OpenBMC adds PowerCycle; PushPowerButton and StatefulReset carry no operation.
    expect(powerOpsOf(['PowerCycle', 'PushPowerButton', 'StatefulReset', 'Nmi'])).toEqual(['power-cycle', 'nmi']);
  });

  it('canonicalises case but keeps unknown vendor values verbatim', () => {
    expect(canonicalResetType('forceoff')).toBe('ForceOff');
    expect(canonicalResetType('StatefulReset')).toBe('StatefulReset');
  });

  it('manager and system kinds', () => {
    expect(toManagerKind('EnclosureManager')).toBe('enclosure-manager');
    expect(toManagerKind('Bogus')).toBe('other');
    expect(managerTypeName(toManagerKind('bmc'))).toBe('BMC');
    expect(toSystemKind(undefined)).toBe('physical'); // SMD: missing SystemType counts as Physical
    expect(toSystemKind('OSHostedVirtual')).toBe('virtual');
  });
});
