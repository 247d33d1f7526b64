/** SOL payload and payload activation, from ipmitool-lanplus-C1-sol-activate.pcap (ipmitool ↔ ipmi_sim). */
import {
  decodeActivatePayloadRequest,
  decodeActivatePayloadResponse,
  decodeDeactivatePayloadRequest,
  encodeActivatePayloadRequest,
  encodeActivatePayloadResponse,
  encodeDeactivatePayloadRequest,
} from './payload-commands.codec';
import { decodeSolPacket, encodeSolPacket, nextSolSequence } from './sol.codec';

const hex = (s: string) => Buffer.from(s, 'hex');

describe('Activate / Deactivate Payload (§24.1, §24.2)', () => {
  it('decodes ipmitool’s captured Activate Payload request (SOL instance 1, encrypted + authenticated)', () => {
    const req = decodeActivatePayloadRequest(hex('0101c6000000'));
    expect(req).toEqual({ payloadType: 1, instance: 1, encrypt: true, authenticate: true, auxOther: 0x06 });
    expect(encodeActivatePayloadRequest(req).toString('hex')).toBe('0101c6000000');
  });

  it('round-trips the answer: sizes, port and "no VLAN"', () => {
    const rsp = { auxData: 0, inboundPayloadSize: 256, outboundPayloadSize: 256, port: 623, vlan: 0xffff };
    const wire = encodeActivatePayloadResponse(rsp);
    expect(wire.toString('hex')).toBe('00000000' + '0001' + '0001' + '6f02' + 'ffff');
    expect(decodeActivatePayloadResponse(wire)).toEqual(rsp);
  });

  it('decodes ipmi_sim’s captured answer', () => {
    expect(decodeActivatePayloadResponse(hex('00000000200000405618ffff'))).toMatchObject({ port: 6230, vlan: 0xffff });
  });

  it('encodes Deactivate Payload as captured', () => {
    expect(encodeDeactivatePayloadRequest().toString('hex')).toBe('010100000000');
    expect(decodeDeactivatePayloadRequest(hex('010100000000'))).toEqual({ payloadType: 1, instance: 1 });
  });
});

describe('SOL payload (§15.9)', () => {
  it.each([
    ['BMC data "[bmc1] tick 21\\r\\n"', '020000005b626d63315d207469636b2032310d0a', { sequence: 2, ackSequence: 0, acceptedCount: 0, flags: 0 }, '[bmc1] tick 21\r\n'],
    ['console ack of 16 characters', '00021000', { sequence: 0, ackSequence: 2, acceptedCount: 16, flags: 0 }, ''],
    ['console data "hi\\r"', '0100000068690d', { sequence: 1, ackSequence: 0, acceptedCount: 0, flags: 0 }, 'hi\r'],
    ['BMC ack of 3 characters', '00010300', { sequence: 0, ackSequence: 1, acceptedCount: 3, flags: 0 }, ''],
  ])('decodes and re-encodes the captured %s', (_name, wire, fields, text) => {
    const p = decodeSolPacket(hex(wire));
    expect(p).toMatchObject(fields);
    expect(p.data.toString('latin1')).toBe(text);
    expect(encodeSolPacket(p).toString('hex')).toBe(wire);
  });

  it('counts 1…15 and never uses 0', () => {
    expect([1, 14, 15].map(nextSolSequence)).toEqual([2, 15, 1]);
  });

  it('rejects a packet shorter than its header', () => {
    expect(() => decodeSolPacket(hex('0100'))).toThrow(/truncated/);
  });
});
