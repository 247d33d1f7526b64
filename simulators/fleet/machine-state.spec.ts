import { MachineState } from './machine-state';
import { simulatedIdentity } from './fleet';

const make = (opts = {}) => new MachineState(simulatedIdentity('spec', 1), { bootLineIntervalMs: 0, ...opts });

describe('MachineState power', () => {
  afterEach(() => jest.useRealTimers());

  it.each<[string, 'on' | 'off', Parameters<MachineState['request']>[0], boolean, 'on' | 'off']>([
    ['on from off', 'off', 'on', true, 'on'],
    ['on when already on is a no-op success', 'on', 'on', true, 'on'],
    ['off from on', 'on', 'off', true, 'off'],
    ['soft-off from on', 'on', 'soft-off', true, 'off'],
    ['cycle from on', 'on', 'cycle', true, 'on'],
    ['cycle from off is refused', 'off', 'cycle', false, 'off'],
    ['reset from on', 'on', 'reset', true, 'on'],
    ['reset from off is refused', 'off', 'reset', false, 'off'],
  ])('%s', (_name, initial, action, accepted, final) => {
    const m = make({ initialPower: initial });
    expect(m.request(action)).toBe(accepted);
    expect(m.power).toBe(final);
    m.dispose();
  });

  it('changes state only after the configured delay, and reports the pending target meanwhile', () => {
    jest.useFakeTimers();
    const m = make({ powerDelayMs: 1000 });
    const events: string[] = [];
    m.on('power', (p: string) => events.push(p));
    m.request('on');
    expect(m.power).toBe('off');
    expect(m.pendingPower).toBe('on');
    jest.advanceTimersByTime(999);
    expect(m.power).toBe('off');
    jest.advanceTimersByTime(1);
    expect(m.power).toBe('on');
    expect(m.pendingPower).toBeUndefined();
    m.request('cycle');
    jest.advanceTimersByTime(1000);
    expect(m.power).toBe('off');
    jest.advanceTimersByTime(1000);
    expect(events).toEqual(['on', 'off', 'on']);
    m.dispose();
  });

  it('counts a boot for power-on, cycle and reset', () => {
    const m = make();
    m.request('on');
    m.request('cycle');
    m.request('reset');
    expect(m.bootCount).toBe(3);
    m.dispose();
  });
});

describe('MachineState boot override', () => {
  it('a one-time override is consumed by the next boot; a persistent one stays', () => {
    const m = make();
    const boots: string[] = [];
    m.on('boot', (d: string) => boots.push(d));
    m.setBootOverride({ device: 'pxe', persistent: false, efi: false });
    m.request('on');
    expect(m.bootOverride).toBeUndefined();
    m.setBootOverride({ device: 'cdrom', persistent: true, efi: true });
    m.request('reset');
    m.request('reset');
    expect(boots).toEqual(['pxe', 'cdrom', 'cdrom']);
    expect(m.bootOverride).toEqual({ device: 'cdrom', persistent: true, efi: true });
    m.setBootOverride({ device: 'none', persistent: false, efi: false });
    expect(m.bootOverride).toBeUndefined();
    m.dispose();
  });

  it('shows the boot device in the console boot log', () => {
    const m = make();
    m.setBootOverride({ device: 'pxe', persistent: false, efi: false });
    m.request('on');
    const log = m.console.tail().toString();
    expect(log).toContain(`Start PXE over IPv4 on ${m.identity.mac}`);
    expect(log).toMatch(/nid001 login: $/);
    m.dispose();
  });
});
