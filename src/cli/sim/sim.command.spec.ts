import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError, EXIT } from '../cli-error';
import { runForwardingSignals, simulatorEntry } from './sim.command';

/** A stand-in for the simulator program: exits with the code it is told, at once or on SIGHUP/SIGTERM (argv: code, now | ready-file). */
const FAKE = `
const code = Number(process.argv[2]);
if (process.argv[3] === 'now') process.exit(code);
process.on('SIGHUP', () => process.exit(code));
process.on('SIGTERM', () => process.exit(code));
require('node:fs').writeFileSync(process.argv[3], 'listening');
setInterval(() => undefined, 1000);
`;

describe('hwctl sim process wrapper', () => {
  let dir: string;
  let fake: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-sim-'));
    fake = path.join(dir, 'main.js');
    fs.writeFileSync(fake, FAKE);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    [0, EXIT.ok],
    [2, EXIT.usage],
    [7, EXIT.api],
  ])('maps the simulator exit code %i to %i', async (code, expected) => {
    expect(await runForwardingSignals(process.execPath, [fake, String(code), 'now'])).toBe(expected);
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'])('forwards %s to the simulator and resolves once it has stopped', async (signal) => {
    const signals = new EventEmitter();
    const ready = path.join(dir, `ready-${signal}`);
    const running = runForwardingSignals(process.execPath, [fake, '0', ready], signals);
    // Wait until the fake has its handlers (a loaded machine can take seconds to start node), bounded.
    for (let i = 0; i < 200 && !fs.existsSync(ready); i++) await new Promise((r) => setTimeout(r, 50));
    expect(signals.listenerCount(signal)).toBe(1);
    signals.emit(signal);
    // The fake exits 0 on SIGHUP/SIGTERM; SIGINT it does not handle, so it dies of it: that is an error exit.
    expect(await running).toBe(signal === 'SIGINT' ? EXIT.api : EXIT.ok);
    expect(signals.eventNames()).toEqual([]);
  });

  it('finds dist/simulators/main.js from dist/src/cli/sim, or says to build', () => {
    const distSim = path.join(dir, 'dist', 'simulators');
    fs.mkdirSync(distSim, { recursive: true });
    fs.writeFileSync(path.join(distSim, 'main.js'), '');
    expect(simulatorEntry({}, path.join(dir, 'dist', 'src', 'cli', 'sim'))).toBe(path.join(distSim, 'main.js'));
    expect(simulatorEntry({ HWCTL_SIM_ENTRY: fake })).toBe(fake);
    expect(() => simulatorEntry({}, path.join(dir, 'nowhere', 'a', 'b', 'c'))).toThrow(CliError);
  });
});
