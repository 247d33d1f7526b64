import { ipv4List, link, mac, naturalCompare, parseBody, pathKey, requestPath, str, toPath } from './redfish-json';

describe('tolerant Redfish JSON', () => {
  it.each([
    ['{"@odata.id":"/redfish/v1/Systems/1","Id":"1"}', 'resource'],
    ['\uFEFF {"Id":"1"}', 'resource'],
    // Captured from intel-s2600bpb Chassis/RackMount: an error object instead of the resource.
    ['{"error":{"code":"Base.1.1.0.GeneralError","@Message.ExtendedInfo":[{"MessageId":"Base.1.1.0.ResourceMissingAtURI"}]}}', 'error-body'],
    // bmcweb mixes an error object into a normal resource: still a resource.
    ['{"@odata.id":"/redfish/v1/Managers/bmc","error":{"code":"x"}}', 'resource'],
    ['<html><title>500 - Internal Server Error</title></html>', 'not-json'],
    ['[1,2]', 'not-json'],
    ['{"Id": "trunc', 'not-json'],
  ])('%s → %s', (text, kind) => {
    expect(parseBody(text).kind).toBe(kind);
  });

  it('takes the MessageId of an error body from ExtendedInfo', () => {
    expect(parseBody('{"error":{"code":"Base.1.1.0.GeneralError","@Message.ExtendedInfo":[{"MessageId":"Base.1.1.0.ResourceMissingAtURI"}]}}')).toMatchObject({
      messageId: 'Base.1.1.0.ResourceMissingAtURI',
    });
  });

  it.each([
    ['Not Available', undefined],
    ['  N/A ', undefined],
    ['To Be Filled By O.E.M.', undefined],
    ['', undefined],
    [42, undefined],
    [' AMD EPYC 7702 64-Core Processor                ', 'AMD EPYC 7702 64-Core Processor'],
  ])('str(%p) = %p', (v, want) => expect(str(v)).toBe(want));

  it.each([
    ['a4-bf-01-28-90-ac', 'a4:bf:01:28:90:ac'], // intel-s2600bpb manager NICs
    ['94:40:C9:6A:42:DA', '94:40:c9:6a:42:da'], // xl675d NetworkPorts (upper case)
    ['Not Available', undefined], // ex425 HPCNet0
    ['00:00:00:00:00:00', undefined],
    ['', undefined],
    ['zz:zz', undefined],
  ])('mac(%p) = %p', (v, want) => expect(mac(v)).toBe(want));

  it('reads links with trailing slashes, absolute URLs and junk', () => {
    expect(link({ '@odata.id': '/redfish/v1/Chassis/1/NetworkAdapters/DC092000/NetworkPorts/1/' })).toBe('/redfish/v1/Chassis/1/NetworkAdapters/DC092000/NetworkPorts/1/');
    expect(link({ '@odata.id': 'https://10.0.0.1:443/redfish/v1/Systems/1?x=1' })).toBe('/redfish/v1/Systems/1');
    expect(link({ '@odata.id': 7 })).toBeUndefined();
    expect(link('nope')).toBeUndefined();
    expect(toPath('/redfish/v1/Systems#frag')).toBe('/redfish/v1/Systems');
    expect(requestPath('https://h/redfish/v1/Systems?$expand=.($levels=1)')).toBe('/redfish/v1/Systems?$expand=.($levels=1)');
  });

  it('path keys ignore case, trailing slashes and percent-encoding (iLO lowercase links)', () => {
    expect(pathKey('/redfish/v1/systems/1/bios/')).toBe(pathKey('/redfish/v1/Systems/1/Bios'));
    expect(pathKey('/redfish/v1/Registries/%23SUTReg')).toBe('/redfish/v1/registries/#sutreg');
  });

  it('keeps routable IPv4 addresses only', () => {
    expect(ipv4List([{ Address: '0.0.0.0' }, { Address: '10.254.1.23' }, { Address: 'Not Available' }, 'x'], [{ Address: '10.254.1.23' }])).toEqual(['10.254.1.23']);
  });

  it('sorts ids naturally (SMD ResourceIDSlice)', () => {
    expect(['Node10', 'Node2', 'Node1', 'Self', 'BMC'].sort(naturalCompare)).toEqual(['BMC', 'Node1', 'Node2', 'Node10', 'Self']);
  });
});
