import { AppCmd, IpmiResponse, IpmiSession, LanParam, NetFn, TransportCmd } from '../../protocols/ipmi';
import { CliError } from '../cli-error';
import { lanChannel, readLanPrint } from './lan-print';

/** A session stub answering Get Channel Info and Get LAN Configuration Parameters from tables. */
function bmc(opts: { lanChannels?: number[]; cc?: Record<number, number> } = {}) {
  const asked: number[] = [];
  const requestRaw = async (netFn: number, cmd: number, data: Buffer): Promise<IpmiResponse> => {
    const rsp = (completionCode: number, payload = Buffer.alloc(0)) => ({ netFn: netFn | 1, cmd, rqSeq: 1, completionCode, data: payload }) as unknown as IpmiResponse;
    if (netFn === NetFn.App && cmd === AppCmd.GetChannelInfo) {
      const lan = (opts.lanChannels ?? [1]).includes(data[0]);
      // §22.24: channel, medium (04h = 802.3 LAN, 05h = serial), protocol, sessions, vendor (3), aux (2).
      return rsp(0, Buffer.from([data[0], lan ? 0x04 : 0x05, 0x01, 0x80, 0xf2, 0x1b, 0x00, 0x00, 0x00]));
    }
    if (netFn === NetFn.Transport && cmd === TransportCmd.GetLanConfigParameters) {
      const param = data[1];
      asked.push(param);
      const cc = opts.cc?.[param] ?? 0;
      return cc ? rsp(cc) : rsp(0, Buffer.from([0x11, param]));
    }
    return rsp(0xc1);
  };
  return { session: { requestRaw, target: '127.0.1.1:623' } as unknown as IpmiSession, asked };
}

describe('lan print readout', () => {
  it('reads every parameter in ipmitool order; "not supported" answers become null', async () => {
    const { session, asked } = bmc({ cc: { [LanParam.BmcArpControl]: 0x80, 26: 0xc9 } });
    const { values, failure } = await readLanPrint(session, 1);
    expect(failure).toBeUndefined();
    expect(asked).toEqual([0, 1, 2, 4, 3, 6, 5, 16, 7, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 26]);
    expect(values.get(LanParam.BmcArpControl)).toBeNull();
    expect(values.get(LanParam.MacAddress)).toEqual(Buffer.from([LanParam.MacAddress]));
  });

  it('skips the suite list when the suite count is not supported', async () => {
    const { session, asked } = bmc({ cc: { [LanParam.CipherSuiteEntrySupport]: 0x80 } });
    await readLanPrint(session, 1);
    expect(asked).not.toContain(LanParam.CipherSuiteEntries);
  });

  it('stops at a hard failure of a required parameter, but not of the VLAN ones', async () => {
    const { session, asked } = bmc({ cc: { [LanParam.VlanId]: 0xc1, [LanParam.DefaultGatewayMac]: 0xd4 } });
    const { values, failure } = await readLanPrint(session, 1);
    expect(failure?.param).toBe(LanParam.DefaultGatewayMac);
    expect(values.has(LanParam.DefaultGatewayIp)).toBe(true);
    expect(asked[asked.length - 1]).toBe(LanParam.DefaultGatewayMac);
  });

  it('finds the first LAN channel and refuses a channel that is not LAN', async () => {
    expect(await lanChannel(bmc({ lanChannels: [3] }).session)).toBe(3);
    expect(await lanChannel(bmc().session, 1)).toBe(1);
    await expect(lanChannel(bmc().session, 2)).rejects.toThrow(CliError);
    await expect(lanChannel(bmc({ lanChannels: [] }).session)).rejects.toThrow('Invalid channel: 0');
  });
});
