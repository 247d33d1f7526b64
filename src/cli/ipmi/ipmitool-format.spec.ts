import { LanParam } from '../../protocols/ipmi';
import { formatLanPrint, formatMcInfo, LAN_PARAM_BAD_PASSWORD_THRESHOLD, LanValues, powerControlLine, powerStatusLine, unknownValue } from './ipmitool-format';

/**
 * Expected texts are ipmitool 1.8.19's own output (`ipmitool -I lanplus … mc info` / `lan print 1`) for two BMCs:
 * OpenIPMI's ipmi_sim (recipe in ../shared/peers/ipmi_sim) and hwctl's simulator (BMC 127.0.9.1, seed "hwctl");
 * the bytes are those BMCs' answers to the same requests (`ipmitool raw 0x06 0x01`, `raw 0x0c 0x02 1 <param> 0 0`).
 */
const hex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');

/** Parameter values (revision byte 11h stripped); null = the BMC answered 80h "parameter not supported". */
function lanValues(entries: [number, string | null][]): LanValues {
  return new Map(entries.map(([p, v]) => [p, v === null ? null : hex(v)]));
}

const IPMI_SIM_LAN = lanValues([
  [0, '00'], [1, '1f'], [2, '17 17 17 17 00'], [4, '00'], [3, '00 00 00 00'], [6, '00 00 00 00'], [5, '00 00 00 00 00 00'],
  [16, '70 75 62 6c 69 63 00 00 00 00 00 00 00 00 00 00 00 00'], [7, '00 00 00'], [10, null], [11, null],
  [12, '00 00 00 00'], [13, '00 00 00 00 00 00'], [14, '00 00 00 00'], [15, '00 00 00 00 00 00'], [20, '00 00'], [21, '00'],
  [22, '0f'], [23, '00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10'], [24, '44 44 44 44 44 44 44 44 44'], [26, null],
]);

const HWCTL_SIM_LAN = lanValues([
  [0, '00'], [1, '01'], [2, '00 00 00 00 00'], [4, '01'], [3, '7f 00 09 01'], [6, 'ff ff ff 00'], [5, '02 07 bd 00 00 01'],
  [16, '70 75 62 6c 69 63 00 00 00 00 00 00 00 00 00 00 00 00'], [7, '40 40 10'], [10, '00'], [11, '00'],
  [12, '00 00 00 00'], [13, '00 00 00 00 00 00'], [14, '00 00 00 00'], [15, '00 00 00 00 00 00'], [20, '00 00'], [21, '00'],
  [22, '02'], [23, '00 03 11'], [24, '00 44 00 00 00 00 00 00 00'], [26, null],
]);

describe('ipmitool-format', () => {
  it('power lines', () => {
    expect(powerStatusLine(true)).toBe('Chassis Power is on\n');
    expect(powerStatusLine(false)).toBe('Chassis Power is off\n');
    expect(powerControlLine('on')).toBe('Chassis Power Control: Up/On\n');
    expect(powerControlLine('off')).toBe('Chassis Power Control: Down/Off\n');
    expect(powerControlLine('soft')).toBe('Chassis Power Control: Soft\n');
  });

  it.each([
    ['ipmi_sim', '00 03 09 08 02 9f 91 12 00 02 0f 00 00 00 00', 'MontaVista Software, Inc.', `Device ID                 : 0
Device Revision           : 3
Firmware Revision         : 9.08
IPMI Version              : 2.0
Manufacturer ID           : 4753
Manufacturer Name         : MontaVista Software, Inc.
Product ID                : 3842 (0x0f02)
Product Name              : Unknown (0xF02)
Device Available          : yes
Provides Device SDRs      : no
Additional Device Support :
    Sensor Device
    SDR Repository Device
    SEL Device
    FRU Inventory Device
    IPMB Event Receiver
    Chassis Device
Aux Firmware Rev Info     : 
    0x00
    0x00
    0x00
    0x00
`],
    ['hwctl simulator', '20 01 01 00 02 9f f2 1b 00 57 48 00 00 00 00', 'Intelligent Platform Management Interface forum', `Device ID                 : 32
Device Revision           : 1
Firmware Revision         : 1.00
IPMI Version              : 2.0
Manufacturer ID           : 7154
Manufacturer Name         : Intelligent Platform Management Interface forum
Product ID                : 18519 (0x4857)
Product Name              : Unknown (0x4857)
Device Available          : yes
Provides Device SDRs      : no
Additional Device Support :
    Sensor Device
    SDR Repository Device
    SEL Device
    FRU Inventory Device
    IPMB Event Receiver
    Chassis Device
Aux Firmware Rev Info     : 
    0x00
    0x00
    0x00
    0x00
`],
  ])('mc info of %s is byte-identical to ipmitool\'s', (_bmc, bytes, name, expected) => {
    expect(formatMcInfo(hex(bytes), name)).toBe(expected);
  });

  it('mc info without the optional auxiliary revision, a BMC updating firmware and IPMI 1.5', () => {
    const text = formatMcInfo(hex('20 81 82 10 51 00 f2 1b 00 57 48'), 'x');
    expect(text).toContain('Firmware Revision         : 2.10\n');
    expect(text).toContain('IPMI Version              : 1.5\n');
    expect(text).toContain('Device Available          : no\n');
    expect(text).toContain('Provides Device SDRs      : yes\n');
    expect(text.endsWith('Additional Device Support :\n')).toBe(true);
  });

  it('unknown values read like ipmitool\'s unknown_val_str', () => {
    expect(unknownValue(0xf02)).toBe('Unknown (0xF02)');
    expect(unknownValue(5)).toBe('Unknown (0x05)');
  });

  it.each([
    ['ipmi_sim', IPMI_SIM_LAN, `Set in Progress         : Set Complete
Auth Type Support       : NONE MD2 MD5 PASSWORD 
Auth Type Enable        : Callback : NONE MD2 MD5 PASSWORD 
                        : User     : NONE MD2 MD5 PASSWORD 
                        : Operator : NONE MD2 MD5 PASSWORD 
                        : Admin    : NONE MD2 MD5 PASSWORD 
                        : OEM      : 
IP Address Source       : Unspecified
IP Address              : 0.0.0.0
Subnet Mask             : 0.0.0.0
MAC Address             : 00:00:00:00:00:00
SNMP Community String   : public
IP Header               : TTL=0x00 Flags=0x00 Precedence=0x00 TOS=0x00
Default Gateway IP      : 0.0.0.0
Default Gateway MAC     : 00:00:00:00:00:00
Backup Gateway IP       : 0.0.0.0
Backup Gateway MAC      : 00:00:00:00:00:00
802.1q VLAN ID          : Disabled
802.1q VLAN Priority    : 0
RMCP+ Cipher Suites     : 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
Cipher Suite Priv Max   : aaaaaaaaaaaaaaa
                        :     X=Cipher Suite Unused
                        :     c=CALLBACK
                        :     u=USER
                        :     o=OPERATOR
                        :     a=ADMIN
                        :     O=OEM
Bad Password Threshold  : Not Available
`],
    ['hwctl simulator', HWCTL_SIM_LAN, `Set in Progress         : Set Complete
Auth Type Support       : NONE 
Auth Type Enable        : Callback : 
                        : User     : 
                        : Operator : 
                        : Admin    : 
                        : OEM      : 
IP Address Source       : Static Address
IP Address              : 127.0.9.1
Subnet Mask             : 255.255.255.0
MAC Address             : 02:07:bd:00:00:01
SNMP Community String   : public
IP Header               : TTL=0x40 Flags=0x40 Precedence=0x00 TOS=0x10
BMC ARP Control         : ARP Responses Disabled, Gratuitous ARP Disabled
Gratituous ARP Intrvl   : 0.0 seconds
Default Gateway IP      : 0.0.0.0
Default Gateway MAC     : 00:00:00:00:00:00
Backup Gateway IP       : 0.0.0.0
Backup Gateway MAC      : 00:00:00:00:00:00
802.1q VLAN ID          : Disabled
802.1q VLAN Priority    : 0
RMCP+ Cipher Suites     : 3,17
Cipher Suite Priv Max   : aaXXXXXXXXXXXXX
                        :     X=Cipher Suite Unused
                        :     c=CALLBACK
                        :     u=USER
                        :     o=OPERATOR
                        :     a=ADMIN
                        :     O=OEM
Bad Password Threshold  : Not Available
`],
  ])('lan print of %s is byte-identical to ipmitool\'s', (_bmc, values, expected) => {
    expect(formatLanPrint(values)).toBe(expected);
  });

  it('stops the listing at the first parameter that could not be read, as ipmitool does', () => {
    const partial = new Map([...HWCTL_SIM_LAN].filter(([p]) => p !== LanParam.SubnetMask));
    expect(formatLanPrint(partial).trimEnd().split('\n').pop()).toBe('IP Address              : 127.0.9.1');
  });

  it('prints VLAN IDs, gratuitous ARP, thresholds, and "None" / "Not Available" for odd answers', () => {
    const v = new Map(HWCTL_SIM_LAN);
    v.set(LanParam.VlanId, hex('2a 81'));
    v.set(LanParam.GratuitousArpInterval, hex('03'));
    v.set(LanParam.BmcArpControl, hex('02'));
    v.set(LanParam.CipherSuiteEntries, null);
    v.set(LanParam.CipherSuitePrivilegeLevels, hex('00 44'));
    v.set(LAN_PARAM_BAD_PASSWORD_THRESHOLD, hex('01 05 06 00 0c 00'));
    const text = formatLanPrint(v);
    expect(text).toContain('802.1q VLAN ID          : 298\n');
    expect(text).toContain('Gratituous ARP Intrvl   : 2.0 seconds\n');
    expect(text).toContain('BMC ARP Control         : ARP Responses Enabled, Gratuitous ARP Disabled\n');
    expect(text).toContain('RMCP+ Cipher Suites     : None\n');
    expect(text).toContain('Cipher Suite Priv Max   : Not Available\n');
    expect(text).toContain('Bad Password Threshold  : 5\nInvalid password disable: yes\nAttempt Count Reset Int.: 60\nUser Lockout Interval   : 120\n');
  });

  it('leaves out lines of parameters the BMC does not support, and the suite list when the count is unsupported', () => {
    const v = new Map(HWCTL_SIM_LAN);
    v.set(LanParam.CipherSuiteEntrySupport, null);
    v.delete(LanParam.CipherSuiteEntries);
    v.set(LanParam.VlanId, null);
    const text = formatLanPrint(v);
    expect(text).not.toContain('RMCP+ Cipher Suites');
    expect(text).not.toContain('802.1q VLAN ID');
    expect(text).toContain('Cipher Suite Priv Max   : aaXXXXXXXXXXXXX\n');
  });
});
