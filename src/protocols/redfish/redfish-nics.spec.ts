import { nicFromDeviceFunction, nicFromEthernetInterface, nicsFromPort, offsetMac, orderNics, selectBmcMac } from './redfish-nics';
import { ManagerInfo, NicInfo } from './redfish-walk.types';

const nic = (id: string, mac: string, ipv4: string[] = [], enabled?: boolean): NicInfo => ({ path: `/redfish/v1/Managers/1/EthernetInterfaces/${id}`, id, mac, ipv4, enabled });
const mgr = (id: string, kind: ManagerInfo['kind'], nics: NicInfo[]): ManagerInfo => ({ path: `/redfish/v1/Managers/${id}`, id, kind, nics, hostInterfaceNics: [], reset: { allowed: [], source: 'unknown', ops: [] } });

describe('NICs', () => {
  it('prefers the effective MAC and remembers a different permanent one (dmtf 12446A3B8890)', () => {
    const n = nicFromEthernetInterface('/x/12446A3B8890', { Id: '12446A3B8890', MACAddress: 'AA:BB:CC:DD:EE:00', PermanentMACAddress: '12:44:6A:3B:88:90', IPv4Addresses: [{ Address: '192.168.0.11' }], LinkStatus: 'LinkUp' });
    expect(n).toMatchObject({ mac: 'aa:bb:cc:dd:ee:00', permanentMac: '12:44:6a:3b:88:90', ipv4: ['192.168.0.11'], linkUp: true });
  });

  it('drops NICs without a usable MAC (ex425 HPCNet0) and falls back to the permanent MAC', () => {
    expect(nicFromEthernetInterface('/x', { MACAddress: 'Not Available', PermanentMACAddress: '' })).toBeUndefined();
    expect(nicFromEthernetInterface('/x', { MACAddress: '', PermanentMACAddress: '00:40:A6:83:52:5F' })?.mac).toBe('00:40:a6:83:52:5f');
  });

  it('reads host MACs from NetworkPorts and Ports', () => {
    expect(nicsFromPort('/p/1/', { Id: '1', AssociatedNetworkAddresses: ['94:40:C9:6A:42:DA', 'Not Available'] }).map((n) => n.mac)).toEqual(['94:40:c9:6a:42:da']);
    expect(nicsFromPort('/p/2', { Id: '2', Ethernet: { AssociatedMACAddresses: ['b4-7a-f1-12-fb-70'] } }).map((n) => n.mac)).toEqual(['b4:7a:f1:12:fb:70']);
    expect(nicsFromPort('/p/3', { Id: 'j16p0' })).toEqual([]); // Slingshot switch ports carry no MAC
  });

  it('reads NetworkDeviceFunctions: effective then permanent MAC, "Disabled" functions and placeholders dropped (iLO 5 NPAR)', () => {
    const f = (j: Record<string, unknown>) => nicFromDeviceFunction('/a/NetworkDeviceFunctions/1/', { Id: '1', ...j });
    expect(f({ NetDevFuncType: 'Ethernet', DeviceEnabled: true, Ethernet: { MACAddress: '94:40:C9:6A:42:DA', PermanentMACAddress: '94:40:C9:6A:42:DA' } })).toEqual({
      path: '/a/NetworkDeviceFunctions/1/', id: '1', mac: '94:40:c9:6a:42:da', permanentMac: undefined, ipv4: [], enabled: true, name: undefined, description: undefined,
    });
    expect(f({ Ethernet: { MACAddress: 'AA-BB-CC-DD-EE-01', PermanentMACAddress: 'aa:bb:cc:dd:ee:99' } })).toMatchObject({ mac: 'aa:bb:cc:dd:ee:01', permanentMac: 'aa:bb:cc:dd:ee:99' });
    expect(f({ Ethernet: { MACAddress: 'Not Available', PermanentMACAddress: 'AA-BB-CC-DD-EE-02' } })?.mac).toBe('aa:bb:cc:dd:ee:02');
    expect(f({ Status: { State: 'Disabled' }, Ethernet: { MACAddress: 'aa:bb:cc:dd:ee:03' } })?.enabled).toBe(false);
    expect(f({ NetDevFuncType: 'Disabled', DeviceEnabled: false, Ethernet: { MACAddress: '94:40:C9:6A:42:DC' } })).toBeUndefined();
    expect(f({ Ethernet: { MACAddress: '00:00:00:00:00:00' } })).toBeUndefined();
    expect(f({ NetDevFuncType: 'FibreChannel', FibreChannel: { WWPN: '10:00:00:00:c9:00:00:01' } })).toBeUndefined();
    expect(f({ Ethernet: 'N/A' })).toBeUndefined();
  });

  it('orders by Id, keeps one NIC per MAC, and drops excluded paths', () => {
    const list = [nic('3', 'b4:2e:99:ba:de:16'), nic('2', 'b4:2e:99:ba:de:16'), nic('1', 'b4:2e:99:ba:de:15'), nic('usb0', '46:d5:fa:9a:bf:1a')];
    const out = orderNics(list, new Set(['/redfish/v1/managers/1/ethernetinterfaces/usb0']));
    expect(out.map((n) => `${n.id}=${n.mac}`)).toEqual(['1=b4:2e:99:ba:de:15', '2=b4:2e:99:ba:de:16']);
  });

  describe('BMC MAC', () => {
    const intel = mgr('BMC', 'bmc', [nic('1', 'a4:bf:01:28:90:aa', [], false), nic('2', 'a4:bf:01:28:90:ab', [], false), nic('3', 'a4:bf:01:28:90:ac', ['10.254.1.23'], true)]);

    it('is the NIC carrying the scanned address (magellan FindMACAddressWithIP)', () => {
      expect(selectBmcMac([intel], '10.254.1.23')).toEqual({ bmcMac: 'a4:bf:01:28:90:ac', bmcMacSource: 'ip-match' });
    });

    it('else the first enabled NIC with a routable address (NAT, simulators, mockups)', () => {
      expect(selectBmcMac([intel], '127.0.2.4')).toEqual({ bmcMac: 'a4:bf:01:28:90:ac', bmcMacSource: 'first-usable' });
      const usbOnly = mgr('Self', 'bmc', [nic('usb0', '46:d5:fa:9a:bf:1a', ['169.254.0.17'], true), nic('x', '00:11:22:33:44:55', [], true)]);
      expect(selectBmcMac([usbOnly], '127.0.0.9')).toEqual({ bmcMac: '46:d5:fa:9a:bf:1a', bmcMacSource: 'first' });
    });

    it('prefers BMC managers over auxiliary controllers, and reports none when no NIC exists (Cray EX)', () => {
      const aux = mgr('AUX', 'auxiliary-controller', [nic('0', '00:00:00:00:00:01', ['10.0.0.9'], true)]);
      const bmc = mgr('ZBMC', 'bmc', [nic('0', '00:00:00:00:00:02', ['10.0.0.8'], true)]);
      expect(selectBmcMac([aux, bmc], '127.0.0.1').bmcMac).toBe('00:00:00:00:00:02');
      expect(selectBmcMac([mgr('BMC', 'enclosure-manager', [])], '127.0.0.1')).toEqual({ bmcMac: undefined, bmcMacSource: 'none' });
    });
  });

  it('offsets MACs within the NIC-specific half (SMD S2600 rule)', () => {
    expect(offsetMac('a4:bf:01:28:90:aa', -2)).toBe('a4:bf:01:28:90:a8');
    expect(offsetMac('a4:bf:01:00:00:00', -1)).toBeUndefined();
    expect(offsetMac('a4:bf:01:00:00:ff', 1)).toBe('a4:bf:01:00:01:00');
  });
});
