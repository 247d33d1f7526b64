/**
 * One simulated node as every BMC face sees it (IPMI now, Redfish later): power with an optional transition
 * delay, the one-time or persistent boot override, identity (MAC, serial, GUID) and the serial console.
 * Faces translate their protocol into these calls, so power set over IPMI shows over Redfish.
 *
 * Semantics follow real BMCs: "on" when already on succeeds and changes nothing; cycle and reset need the
 * host powered (IPMI answers D5h "not supported in present state" otherwise); the reported power state only
 * changes once a transition's delay has passed.
 */
import { EventEmitter } from 'node:events';
import { BootDevice, bootLog } from './boot-log';
import { SerialConsole } from './serial-console';

export type PowerState = 'on' | 'off';

export interface BootOverride {
  device: BootDevice;
  /** Every boot, not just the next one. */
  persistent: boolean;
  efi: boolean;
}

export interface MachineIdentity {
  index: number;
  hostname: string;
  mac: string;
  /** The BMC's own NIC (Redfish Manager EthernetInterface; distinct from the host's `mac`). */
  bmcMac?: string;
  serial: string;
  /** 16 bytes, as IPMI sends it (RAKP 2 GUID, Get Device GUID). */
  guid: Buffer;
}

export interface MachineStateOptions {
  initialPower?: PowerState;
  /** Time from a power request to the new state (0 = immediate). */
  powerDelayMs?: number;
  /** Time between boot log lines on the console (0 = all at once). */
  bootLineIntervalMs?: number;
}

export type PowerAction = 'on' | 'off' | 'soft-off' | 'cycle' | 'reset';

export class MachineState extends EventEmitter {
  readonly console = new SerialConsole();
  private state: PowerState;
  private target?: PowerState;
  private timer?: NodeJS.Timeout;
  private override?: BootOverride;
  private boots = 0;
  powerDelayMs: number;
  bootLineIntervalMs: number;

  constructor(
    readonly identity: MachineIdentity,
    opts: MachineStateOptions = {},
  ) {
    super();
    this.state = opts.initialPower ?? 'off';
    this.powerDelayMs = opts.powerDelayMs ?? 0;
    this.bootLineIntervalMs = opts.bootLineIntervalMs ?? 20;
    this.console.prompt = `${identity.hostname} login: `;
  }

  get power(): PowerState {
    return this.state;
  }

  /** The state a pending transition will reach, if any. */
  get pendingPower(): PowerState | undefined {
    return this.target;
  }

  get bootOverride(): BootOverride | undefined {
    return this.override ? { ...this.override } : undefined;
  }

  get bootCount(): number {
    return this.boots;
  }

  /** Set or clear (undefined) the boot device override (IPMI boot flags, Redfish Boot.BootSourceOverride*). */
  setBootOverride(o: BootOverride | undefined): void {
    this.override = o && o.device !== 'none' ? { ...o } : undefined;
    this.emit('boot-override', this.bootOverride);
  }

  /**
   * Apply a power action. Returns false when the action makes no sense in the present state (cycle or reset
   * of a host that is off); faces map that to their "not in present state" error.
   */
  request(action: PowerAction): boolean {
    const effective = this.target ?? this.state;
    switch (action) {
      case 'on':
        if (effective !== 'on') this.transition('on');
        return true;
      case 'off':
        if (effective !== 'off') this.transition('off');
        return true;
      case 'soft-off':
        if (effective === 'on') {
          this.console.emitOutput('\r\n[  OK  ] Reached target Power-Off.\r\nreboot: Power down\r\n');
          this.transition('off');
        }
        return true;
      case 'cycle':
        if (effective !== 'on') return false;
        this.transition('off', () => this.transition('on'));
        return true;
      case 'reset':
        if (effective !== 'on') return false;
        this.cancel();
        this.console.emitOutput('\r\n');
        this.startBoot();
        return true;
    }
  }

  /** Stop timers (end of a test or of the simulator). */
  dispose(): void {
    this.cancel();
    this.console.stopPlayback();
    this.removeAllListeners();
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.target = undefined;
  }

  private transition(to: PowerState, then?: () => void): void {
    this.cancel();
    const apply = () => {
      this.timer = undefined;
      this.target = undefined;
      this.set(to);
      then?.();
    };
    if (this.powerDelayMs <= 0) return apply();
    this.target = to;
    this.timer = setTimeout(apply, this.powerDelayMs);
    this.timer.unref();
  }

  private set(to: PowerState): void {
    if (to === this.state) return;
    this.state = to;
    this.emit('power', to);
    if (to === 'on') this.startBoot();
    else this.console.stopPlayback();
  }

  /** A boot consumes a one-time override (IPMI §28.13: the BIOS clears "boot flags valid" after using it). */
  private startBoot(): void {
    this.boots++;
    const device = this.override?.device ?? 'none';
    if (this.override && !this.override.persistent) this.override = undefined;
    this.emit('boot', device);
    const { hostname, mac, serial } = this.identity;
    this.console.play(bootLog({ hostname, mac, serial, device, bootCount: this.boots }), this.bootLineIntervalMs);
  }
}
