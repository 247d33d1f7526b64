import { encodeMSearch, parseSsdp } from '../../src/protocols/ssdp';
import { answerDelayMs } from './ssdp-multicast-responder';

describe('SSDP multicast responder: when to answer (DSP0266 Discovery, UDA 1.1 §1.3.2–1.3.3)', () => {
  const search = (st?: string, mx?: number) => parseSsdp(encodeMSearch(st, mx))!;

  it('answers the Redfish ST and ssdp:all after a random delay below MX seconds', () => {
    expect(answerDelayMs(search(undefined, 2), () => 0)).toBe(0);
    expect(answerDelayMs(search(undefined, 2), () => 0.999)).toBe(1998);
    expect(answerDelayMs(search('ssdp:all', 3), () => 0.5)).toBe(1500);
    expect(answerDelayMs(search('urn:dmtf-org:service:redfish-rest:1:15', 1), () => 0.25)).toBe(250);
    expect(answerDelayMs(search(undefined, 9), () => 0.999)).toBe(4995); // MX above 5 counts as 5
  });

  it('ignores other services, responses, and searches without a valid MX', () => {
    expect(answerDelayMs(search('upnp:rootdevice', 2))).toBeUndefined();
    expect(answerDelayMs(parseSsdp(Buffer.from('M-SEARCH * HTTP/1.1\r\nMAN: "ssdp:discover"\r\nST: ssdp:all\r\n\r\n'))!)).toBeUndefined();
    expect(answerDelayMs(parseSsdp(Buffer.from('M-SEARCH * HTTP/1.1\r\nMAN: "ssdp:discover"\r\nMX: 0\r\nST: ssdp:all\r\n\r\n'))!)).toBeUndefined();
    expect(answerDelayMs(parseSsdp(Buffer.from('HTTP/1.1 200 OK\r\nST: ssdp:all\r\nMX: 2\r\n\r\n'))!)).toBeUndefined();
  });
});
