import { IpmiError } from '../../protocols/ipmi';
import { CliError, EXIT } from '../cli-error';
import { ipmiCliError } from './ipmi-cli-error';
import { IpmiCliOptions, resolveIpmiTarget } from './ipmi-target';

const base: IpmiCliOptions = { host: '127.0.1.1', user: 'admin', password: 'Password123!' };

describe('resolveIpmiTarget', () => {
  it('applies ipmitool lanplus defaults: port 623, suite 3, ADMINISTRATOR, 1 s retransmit, 4 retries', () => {
    expect(resolveIpmiTarget(base, {})).toMatchObject({ host: '127.0.1.1', port: 623, username: 'admin', password: 'Password123!', cipherSuite: 3, privilege: 4, retransmitMs: 1000, retries: 4 });
  });

  it.each<[string, IpmiCliOptions, object]>([
    ['port in -H', { host: '127.0.1.1:6230' }, { host: '127.0.1.1', port: 6230 }],
    ['-p wins over -H', { host: '127.0.1.1:6230', port: '16230' }, { port: 16230 }],
    ['-C 17', { cipher: '17' }, { cipherSuite: 17 }],
    ['-L operator (any case)', { level: 'operator' }, { privilege: 3 }],
    ['-N 2 -R 1', { retransmit: '2', retries: '1' }, { retransmitMs: 2000, retries: 1 }],
    ['no -U is the null user', { user: undefined }, { username: '' }],
    ['-I lanplus', { interface: 'lanplus' }, { port: 623 }],
  ])('%s', (_name, extra, expected) => {
    expect(resolveIpmiTarget({ ...base, ...extra }, {})).toMatchObject(expected);
  });

  it('-E takes the password from IPMI_PASSWORD', () => {
    expect(resolveIpmiTarget({ ...base, password: undefined, envPassword: true }, { IPMI_PASSWORD: 'from-env' }).password).toBe('from-env');
  });

  it.each<[string, IpmiCliOptions, RegExp]>([
    ['no -H', { host: undefined }, /^-H: which BMC/],
    ['bad port', { host: '127.0.1.1:99999' }, /^-H: "127.0.1.1:99999" is not host or host:port/],
    ['bad -p', { port: 'x' }, /^-p: "x" is not a whole number/],
    ['no password', { password: undefined }, /^no password: give -P/],
    ['-E without the variable', { password: undefined, envPassword: true }, /^-E: the IPMI_PASSWORD environment variable is not set/],
    ['unsupported suite', { cipher: '0' }, /^-C: cipher suite 0 is not supported/],
    ['bad level', { level: 'root' }, /^-L: "root" is not one of/],
    ['-I lan (IPMI 1.5)', { interface: 'lan' }, /^-I: only "lanplus"/],
    ['17-byte user', { user: 'a'.repeat(17) }, /^-U\/-P: IPMI username is 17 bytes; IPMI v2.0 allows at most 16/],
    ['21-byte password', { password: 'p'.repeat(21) }, /^-U\/-P: IPMI password is 21 bytes/],
  ])('rejects %s as a usage error naming the flag', (_name, extra, message) => {
    let caught: unknown;
    try {
      resolveIpmiTarget({ ...base, ...extra }, {});
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CliError);
    expect((caught as CliError).exitCode).toBe(EXIT.usage);
    expect((caught as CliError).message).toMatch(message);
  });
});

describe('ipmiCliError', () => {
  it('words a completion code the way ipmitool does and keeps the code', () => {
    const err = ipmiCliError(IpmiError.completionCode(0xd5, 0x00, 0x02, '127.0.1.1:623'), 'Set Chassis Power Control to Cycle failed') as CliError;
    expect(err.lines).toEqual(['Set Chassis Power Control to Cycle failed: Command not supported in present state (completion code 0xd5) [IPMI_COMPLETION_CODE]']);
    expect(err.exitCode).toBe(EXIT.api);
  });

  it.each([
    ['BMC_UNREACHABLE', EXIT.unreachable],
    ['BMC_TIMEOUT', EXIT.unreachable],
    ['BMC_AUTH_FAILED', EXIT.api],
    ['IPMI_SESSION_REFUSED', EXIT.api],
    ['IPMI_INVALID_ARGUMENT', EXIT.usage],
  ] as const)('%s exits with %i and says what failed in one line', (code, exit) => {
    const err = ipmiCliError(new IpmiError(code, 'it went wrong'), 'Unable to establish IPMI v2 / RMCP+ session with h:623') as CliError;
    expect(err.lines).toEqual([`Unable to establish IPMI v2 / RMCP+ session with h:623: it went wrong [${code}]`]);
    expect(err.exitCode).toBe(exit);
  });

  it('passes other errors through', () => {
    const e = new Error('x');
    expect(ipmiCliError(e, 'y')).toBe(e);
  });
});
