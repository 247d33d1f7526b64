import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findInRegistry, manufacturerName } from './enterprise-numbers';

// The layout of IANA's enterprise-numbers.txt (number, then the organisation indented by two spaces).
const REGISTRY = ['Decimal', '| Organization', '0', '  Reserved', '    Internet Assigned Numbers Authority', '4753', '  MontaVista Software, Inc.', '    Joseph Green', '71540', '  Not the forum', '7154', '  Intelligent Platform Management Interface forum', '    Thomas M. Slaight', ''].join('\n');

describe('manufacturer names (ipmitool mc info)', () => {
  let file: string;
  beforeAll(() => {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pen-')), 'enterprise-numbers.txt');
    fs.writeFileSync(file, REGISTRY);
  });

  it.each([
    [4753, 'MontaVista Software, Inc.'],
    [7154, 'Intelligent Platform Management Interface forum'],
    [0, 'Unknown'],
    [0x0fffff, 'Unspecified'],
    [0xfffffe, 'A Debug Assisting Company, Ltd.'],
    [12345, 'Unknown (0x3039)'],
  ])('%i → %s', (id, name) => {
    expect(manufacturerName(id, [path.join(path.dirname(file), 'missing.txt'), file])).toBe(name);
  });

  it('without a registry every vendor is unknown, as with ipmitool', () => {
    expect(manufacturerName(7154, [])).toBe('Unknown (0x1BF2)');
  });

  it('matches whole numbers only', () => {
    expect(findInRegistry(REGISTRY, 71540)).toBe('Not the forum');
    expect(findInRegistry(REGISTRY, 715)).toBeUndefined();
  });
});
