import { parse } from 'yaml';
import { JsonValue } from '../merge/deep-merge';
import { toYaml } from './yaml-emitter';

// PyYAML (the reader that matters) is exercised by test/interop/cloudinit-yaml.test.ts; here the output
// shape is pinned and checked against the `yaml` package in YAML 1.1 mode as a second reader.
const read = (text: string) => parse(text, { version: '1.1' });

describe('toYaml', () => {
  it('writes the cloud-config shapes operators expect to read', () => {
    const doc = {
      hostname: 'nid001',
      ssh_pwauth: false,
      packages: ['curl', 'chrony'],
      users: [{ name: 'ops', groups: ['sudo'], shell: '/bin/bash', sudo: 'ALL=(ALL) NOPASSWD:ALL' }],
      write_files: [{ path: '/etc/motd', content: 'line one\nline two\n', permissions: '0644' }],
      runcmd: [['sh', '-c', 'echo ok'], 'systemctl restart chronyd'],
      ntp: { enabled: true, servers: [] },
      bootcmd: {},
      swap: null,
      count: 3,
    };
    expect(toYaml(doc)).toBe(
      [
        'hostname: nid001',
        'ssh_pwauth: false',
        'packages:',
        '  - curl',
        '  - chrony',
        'users:',
        '  - name: ops',
        '    groups:',
        '      - sudo',
        '    shell: /bin/bash',
        '    sudo: "ALL=(ALL) NOPASSWD:ALL"',
        'write_files:',
        '  - path: /etc/motd',
        '    content: |',
        '      line one',
        '      line two',
        '    permissions: "0644"',
        'runcmd:',
        '  - - sh',
        '    - "-c"',
        '    - echo ok',
        '  - systemctl restart chronyd',
        'ntp:',
        '  enabled: true',
        '  servers: []',
        'bootcmd: {}',
        'swap: null',
        'count: 3',
        '',
      ].join('\n'),
    );
    expect(read(toYaml(doc))).toEqual(doc);
  });

  it.each([
    ['YAML 1.1 booleans and nulls', ['yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'null', '~', '']],
    ['numbers, octal and sexagesimal lookalikes', ['0400', '0x1F', '1e3', '1:20', '190:20:30', '1_000', '.inf', '.NaN', '+12', '2001-01-01']],
    ['YAML indicators', ['#cloud-config', '- x', 'key: v', '&a', '*a', '!tag', '|', '>', '%', '@x', '`x', '=', '<<', '? x', '[1]', '{a}', "'q'", '"q"']],
    ['whitespace', [' lead', 'trail ', 'tab\there', '\ttab', 'a  b', '\n', '\n\n', 'cr\r\nlf']],
    ['breaks PyYAML treats as line ends, controls, BOM', ['a\u0085b', 'a\u2028b', 'a\u2029b', '\ufeffbom', 'nul\u0000', 'bell\u0007', 'del\u007f']],
    ['non-ASCII', ['é☃', '日本語', '\u{1F600} astral', '\u00a0nbsp']],
  ])('round-trips %s', (_name, strings) => {
    const doc: JsonValue = Object.fromEntries(strings.map((s, i) => [`k${i}`, s]));
    expect(read(toYaml(doc))).toEqual(doc);
    const asKeys = Object.fromEntries(strings.map((s, i) => [s, i]));
    expect(read(toYaml(asKeys))).toEqual(asKeys);
  });

  it('escapes the characters PyYAML would misread', () => {
    expect(toYaml({ a: 'x\u0085y\u2028z\ufeff\t' })).toBe('a: "x\\Ny\\u2028z\\uFEFF\\t"\n');
  });

  it('picks the block chomping indicator from the trailing newlines', () => {
    expect(toYaml({ a: 'x\ny' })).toBe('a: |-\n  x\n  y\n');
    expect(toYaml({ a: 'x\ny\n' })).toBe('a: |\n  x\n  y\n');
    expect(toYaml({ a: 'x\ny\n\n\n' })).toBe('a: |+\n  x\n  y\n\n\n');
    for (const s of ['x\ny', 'x\ny\n', 'x\ny\n\n\n', 'x\n\n  indented\ny\n']) expect(read(toYaml({ a: s, b: 1 }))).toEqual({ a: s, b: 1 });
  });

  it('quotes multi-line text a literal block could not hold', () => {
    for (const s of [' starts with space\nx', 'x\n   \ny', 'tab\tin\nblock']) {
      expect(toYaml({ a: s })).toMatch(/^a: "/);
      expect(read(toYaml({ a: s }))).toEqual({ a: s });
    }
  });

  it('writes numbers in PyYAML int/float syntax', () => {
    expect(toYaml([0, -0, 42, -7, 2.5, 1e-7, 1.5e300, 1e21, 123456789012])).toBe(
      '- 0\n- 0\n- 42\n- -7\n- 2.5\n- 1.0e-7\n- 1.5e+300\n- 1.0e+21\n- 123456789012\n',
    );
  });

  it('writes empty documents and nested lists', () => {
    expect(toYaml({})).toBe('{}\n');
    expect(toYaml([])).toBe('[]\n');
    expect(toYaml({ a: [[1, [2]], [{ b: [] }]] })).toBe('a:\n  - - 1\n    - - 2\n  - - b: []\n');
    expect(read(toYaml({ a: [[1, [2]], [{ b: [] }]] }))).toEqual({ a: [[1, [2]], [{ b: [] }]] });
  });
});
