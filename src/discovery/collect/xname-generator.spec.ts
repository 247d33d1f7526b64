import { xnameType } from '../../common/xname/xname';
import { generatedXname } from './xname-generator';

describe('generatedXname', () => {
  it('maps addresses onto NodeBMC xnames', () => {
    expect(generatedXname('172.16.0.101')).toBe('x172c0s4096b101');
    expect(generatedXname('127.0.1.7')).toBe('x127c0s1b7');
    expect(generatedXname('0.0.0.0')).toBe('x0c0s0b0');
    expect(xnameType(generatedXname('255.255.255.255'))).toBe('NodeBMC');
  });

  it('never gives two addresses of a /16 the same name (magellan drops the third octet)', () => {
    const seen = new Set<string>();
    for (let c = 0; c < 256; c++) for (let d = 0; d < 256; d++) seen.add(generatedXname(`10.20.${c}.${d}`));
    expect(seen.size).toBe(65_536);
    expect(generatedXname('10.0.1.5')).not.toBe(generatedXname('10.0.2.5'));
  });

  it('refuses what is not an IPv4 address', () => {
    expect(() => generatedXname('fe80::1')).toThrow(/only IPv4/);
    expect(() => generatedXname('bmc01')).toThrow();
  });
});
