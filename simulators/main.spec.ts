import * as dgram from 'node:dgram';
import { buildSimCommand, FACES, ipmiFace, RunningFace, SimOptions, simOptions, SimulatorFace, startSimulator } from './main';

function parse(...args: string[]): SimOptions {
  return simOptions(buildSimCommand().exitOverride().configureOutput({ writeErr: () => undefined }).parse(args, { from: 'user' }).opts());
}

/** A face that records what it was given and what happened to it. */
function fakeFace(name: string, log: string[], fail = false): SimulatorFace {
  return {
    name,
    addOptions: () => undefined,
    async start(fleet): Promise<RunningFace> {
      if (fail) throw Object.assign(new Error('bind EADDRINUSE'), { code: 'EADDRINUSE', address: fleet[0].address, port: 1 });
      log.push(`start ${name} ${fleet.length}`);
      return { summary: `${name} ok`, stop: async () => void log.push(`stop ${name}`) };
    },
  };
}

describe('simulator program', () => {
  it('parses the hwctl sim options with their defaults', () => {
    expect(parse()).toMatchObject({ bmcs: 1, subnet: '127.0.1.0/24', seed: 'hwctl', username: 'admin', password: 'Password123!', powerDelayMs: 0, latencyMs: 0, dropRate: 0, lockoutAfter: 0, bootLineIntervalMs: 20, ipmiPort: 623 });
    expect(parse('--bmcs', '300', '--subnet', '127.1.0.0/16', '--power-delay', '2s', '--latency', '50ms', '--drop-rate', '0.25', '--lockout-after', '3', '--ipmi-port', '6230')).toMatchObject({
      bmcs: 300,
      powerDelayMs: 2000,
      latencyMs: 50,
      dropRate: 0.25,
      lockoutAfter: 3,
      ipmiPort: 6230,
    });
  });

  it.each([
    [['--bmcs', '300'], /cannot hold 300 BMC/],
    [['--bmcs', '0'], /at least one BMC/],
    [['--drop-rate', '1.5'], /probability/],
    [['--latency', 'soon'], /invalid duration/],
    [['--ipmi-port', '70000'], /port number/],
  ])('refuses %j', (args, message) => {
    expect(() => parse(...args)).toThrow(message);
  });

  it('starts every face over one fleet, says ready with each, and stops them in reverse order', async () => {
    const log: string[] = [];
    const sim = await startSimulator(parse('--bmcs', '3', '--subnet', '127.0.7.0/24'), [fakeFace('a', log), fakeFace('b', log)]);
    expect(sim.readyLine).toBe('hwctl sim ready: 3 BMC(s) 127.0.7.1-127.0.7.3 (seed hwctl); a ok, b ok');
    await sim.stop();
    expect(log).toEqual(['start a 3', 'start b 3', 'stop b', 'stop a']);
  });

  it('a face that cannot start stops the faces already started and names the problem', async () => {
    const log: string[] = [];
    await expect(startSimulator(parse(), [fakeFace('a', log), fakeFace('redfish', log, true)])).rejects.toThrow(
      'cannot start the redfish face: address in use 127.0.1.1:1 (another simulator or BMC is running there)',
    );
    expect(log).toEqual(['start a 1', 'stop a']);
  });

  it('the IPMI face binds every BMC address and releases them on stop', async () => {
    expect(FACES).toContain(ipmiFace);
    const opts = parse('--bmcs', '2', '--subnet', '127.0.7.0/24', '--ipmi-port', String(20000 + (process.pid % 20000)));
    const sim = await startSimulator(opts, [ipmiFace]);
    expect(sim.readyLine).toContain(`ipmi udp/${opts.ipmiPort}`);
    await sim.stop();
    // Free again: a plain socket can take the second address's port.
    const s = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.bind(opts.ipmiPort as number, '127.0.7.2', () => resolve());
    });
    await new Promise<void>((r) => s.close(() => r()));
  });
});
