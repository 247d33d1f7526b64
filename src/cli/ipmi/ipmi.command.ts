import { Command, InvalidArgumentError } from 'commander';
import {
  AppCmd,
  BootDevice,
  chassisControl,
  getPowerState,
  IpmiClient,
  IpmiDecodeError,
  IpmiSession,
  IpmiTargetOptions,
  NetFn,
  setBootDevice,
} from '../../protocols/ipmi';
import { CliError, EXIT } from '../cli-error';
import { CliIo } from '../cli-io';
import { manufacturerName } from './enterprise-numbers';
import { ipmiCliError } from './ipmi-cli-error';
import { IpmiCliOptions, resolveIpmiTarget } from './ipmi-target';
import { formatLanPrint, formatMcInfo, POWER_CONTROLS, PowerVerb, powerControlLine, powerStatusLine } from './ipmitool-format';
import { lanChannel, readLanPrint } from './lan-print';
import { solActivate } from './sol-activate';

/**
 * `hwctl ipmi`: a small ipmitool (`-I lanplus`) on hwctl's own IPMI engine, for looking at one real BMC by hand.
 * Same flags, same sub-commands, same output text, so `ipmitool -I lanplus -H … chassis power status` becomes
 * `hwctl ipmi -H … chassis power status` (or `power status`). Talks to the BMC directly, not through hwctld.
 */
export function registerIpmiCommands(program: Command, io: CliIo): void {
  const ipmi = program
    .command('ipmi')
    .description('talk IPMI v2.0 (RMCP+) to one BMC directly, like ipmitool -I lanplus')
    .option('-H <host[:port]>', 'BMC address, optionally with its UDP port (default 623)')
    .option('-p <port>', 'BMC UDP port (ipmitool spelling; wins over a port in -H)')
    .option('-U <user>', 'user name (default: the null user)')
    .option('-P <password>', 'password')
    .option('-E', 'read the password from the IPMI_PASSWORD environment variable')
    .option('-C <suite>', 'cipher suite: 3 (SHA1/AES, default) or 17 (SHA256/AES); 1, 2, 15, 16 also work')
    .option('-L <level>', 'session privilege level: CALLBACK, USER, OPERATOR, ADMINISTRATOR (default)')
    .option('-I <interface>', 'only lanplus (accepted so ipmitool command lines work unchanged)')
    .option('-N <seconds>', 'first retransmit after this many seconds (default 1)')
    .option('-R <count>', 'retransmissions per request (default 4)');

  /** Open a session with the BMC named by the options, run `fn`, always close the session and the socket. */
  const withBmc = async <T>(cmd: Command, fn: (s: IpmiSession) => Promise<T>, sessionOpts: Partial<IpmiTargetOptions> = {}): Promise<T> => {
    const target = { ...resolveIpmiTarget(ipmiOptions(cmd), io.env), ...sessionOpts };
    const client = await IpmiClient.create().catch((err: unknown) => {
      throw ipmiCliError(err, 'Unable to open a UDP socket');
    });
    try {
      let session: IpmiSession;
      try {
        session = await client.openSession(target);
      } catch (err) {
        throw ipmiCliError(err, `Unable to establish IPMI v2 / RMCP+ session with ${target.host}:${target.port}`);
      }
      try {
        return await fn(session);
      } catch (err) {
        if (err instanceof IpmiDecodeError) throw new CliError(`malformed answer from ${session.target}: ${err.message}`, EXIT.api);
        throw err;
      } finally {
        await client.closeSession(session);
      }
    } finally {
      await client.close();
    }
  };

  const power = (verb: string, cmd: Command) =>
    withBmc(cmd, async (s) => {
      if (verb === 'status') {
        const state = await getPowerState(s).catch((err: unknown) => {
          throw ipmiCliError(err, 'Get Chassis Power Status failed');
        });
        return io.out(powerStatusLine(state === 'on'));
      }
      const control = POWER_CONTROLS[verb as PowerVerb];
      await chassisControl(s, control.action).catch((err: unknown) => {
        throw ipmiCliError(err, `Set Chassis Power Control to ${control.printed} failed`);
      });
      io.out(powerControlLine(verb as PowerVerb));
    });
  const powerVerbs = ['status', ...Object.keys(POWER_CONTROLS)];
  const powerArg = (v: string) => choice(v, powerVerbs);

  ipmi
    .command('power')
    .description(`chassis power: ${powerVerbs.join('|')}`)
    .argument('<action>', powerVerbs.join('|'), powerArg)
    .action((verb: string, _o: unknown, cmd: Command) => power(verb, cmd));

  const chassis = ipmi.command('chassis').description('chassis power and boot device');
  chassis
    .command('power')
    .description(`chassis power: ${powerVerbs.join('|')}`)
    .argument('<action>', powerVerbs.join('|'), powerArg)
    .action((verb: string, _o: unknown, cmd: Command) => power(verb, cmd));
  chassis
    .command('bootdev')
    .description('next boot from this device: pxe, disk, cdrom, bios or none [options=persistent,efiboot]')
    .argument('<device>', 'pxe|disk|cdrom|bios|none (force_pxe etc. also accepted)', bootDevice)
    .argument('[options]', 'options=persistent,efiboot', bootOptions)
    .action((device: BootDevice, options: BootFlags | undefined, _o: unknown, cmd: Command) =>
      withBmc(cmd, async (s) => {
        await setBootDevice(s, device, options ?? {}).catch((err: unknown) => {
          throw ipmiCliError(err, `Set Boot Device to ${device} failed`);
        });
        io.out(`Set Boot Device to ${device}\n`);
      }),
    );

  ipmi
    .command('mc')
    .description('management controller: info')
    .argument('<what>', 'info', (v: string) => choice(v, ['info']))
    .action((_what: string, _o: unknown, cmd: Command) =>
      withBmc(cmd, async (s) => {
        const data = await s.request(NetFn.App, AppCmd.GetDeviceId).catch((err: unknown) => {
          throw ipmiCliError(err, 'Get Device ID command failed');
        });
        io.out(formatMcInfo(data, manufacturerName(manufacturerId(data))));
      }),
    );

  ipmi
    .command('lan')
    .description('LAN configuration: print [channel]')
    .argument('<what>', 'print', (v: string) => choice(v, ['print']))
    .argument('[channel]', 'LAN channel (default: the first LAN channel)', channelNumber)
    .action((_what: string, channel: number | undefined, _o: unknown, cmd: Command) =>
      withBmc(cmd, async (s) => {
        const ch = await lanChannel(s, channel).catch((err: unknown) => {
          throw ipmiCliError(err, 'Get Channel Info failed');
        });
        const { values, failure } = await readLanPrint(s, ch);
        io.out(formatLanPrint(values));
        if (failure) throw ipmiCliError(failure.error, `Get LAN Configuration Parameter ${failure.param} (channel ${ch}) failed`);
      }),
    );

  ipmi
    .command('sol')
    .description('Serial over LAN: activate (interactive; ~. leaves, ~? lists the escapes)')
    .argument('<what>', 'activate', (v: string) => choice(v, ['activate']))
    .action((_what: string, _o: unknown, cmd: Command) =>
      // A console is often quiet for minutes; keep the session alive (BMCs drop idle sessions after ~60 s).
      withBmc(cmd, (s) => solActivate(s, { input: process.stdin, output: process.stdout, notice: (t) => io.out(t) }), { keepAliveMs: 20_000 }),
    );
}

function ipmiOptions(cmd: Command): IpmiCliOptions {
  const o = cmd.optsWithGlobals();
  return { host: o.H, port: o.p, user: o.U, password: o.P, envPassword: o.E === true, cipher: o.C, level: o.L, interface: o.I, retransmit: o.N, retries: o.R };
}

function choice(v: string, allowed: string[]): string {
  if (!allowed.includes(v)) throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}.`);
  return v;
}

const BOOT_DEVICES: BootDevice[] = ['none', 'pxe', 'disk', 'cdrom', 'bios'];

function bootDevice(v: string): BootDevice {
  const d = v.replace(/^force_/, '') as BootDevice;
  if (!BOOT_DEVICES.includes(d)) throw new InvalidArgumentError(`expected one of ${BOOT_DEVICES.join(', ')}.`);
  return d;
}

interface BootFlags {
  persistent?: boolean;
  efi?: boolean;
}

/** ipmitool's `options=persistent,efiboot` (the two flags hwctl's boot-flags encoder carries). */
function bootOptions(v: string): BootFlags {
  const m = /^options=(.*)$/.exec(v);
  if (!m) throw new InvalidArgumentError('expected options=persistent,efiboot.');
  const flags: BootFlags = {};
  for (const o of m[1].split(',').filter(Boolean)) {
    if (o === 'persistent') flags.persistent = true;
    else if (o === 'efiboot') flags.efi = true;
    else throw new InvalidArgumentError(`option "${o}" is not supported (persistent, efiboot).`);
  }
  return flags;
}

function channelNumber(v: string): number {
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!(n >= 0 && n <= 255)) throw new InvalidArgumentError('expected a channel number.');
  return n;
}

/** §20.1 bytes 7–9, little-endian, 20 bits; 0 when the answer is too short (formatMcInfo reports that). */
function manufacturerId(data: Buffer): number {
  return data.length >= 9 ? data.readUIntLE(6, 3) & 0xfffff : 0;
}
