/**
 * Every decoder, fed random bytes and mutations of real captured packets, either returns or throws
 * IpmiDecodeError — never a RangeError or TypeError that would escape a socket handler.
 */
import { randomBytes } from 'node:crypto';
import { decodeAuthCapabilities, decodeChannelInfo, decodeCipherSuitesResponse, decodeDeviceId } from './app-commands.codec';
import { decodeBootFlags, decodeChassisStatus, decodeGetBootOptionResponse } from './chassis-commands.codec';
import { decodeCipherSuiteRecords, IntegrityAlg } from './cipher-suites';
import { decodeIpmiRequest, decodeIpmiResponse } from './ipmi-message.codec';
import { IpmiDecodeError } from './ipmi-error';
import { decodeGetLanConfigResponse, decodeMac } from './lan-config.codec';
import { decodeOpenSessionRequest, decodeOpenSessionResponse } from './open-session.codec';
import { decodeActivatePayloadResponse } from './payload-commands.codec';
import { decryptPayload } from './payload-crypto';
import { decodeRakp1, decodeRakp2, decodeRakp3, decodeRakp4 } from './rakp.codec';
import { decodeAsfMessage } from './rmcp.codec';
import { decodeRmcpPlusEnvelope } from './rmcpplus.codec';
import { decodeSessionV15 } from './session-v15.codec';
import { decodeSolPacket } from './sol.codec';

const DECODERS: [string, (b: Buffer) => unknown][] = [
  ['ASF', decodeAsfMessage],
  ['IPMI v1.5 session', decodeSessionV15],
  ['RMCP+ envelope', (b) => decodeRmcpPlusEnvelope(b, IntegrityAlg.HmacSha1_96)],
  ['IPMI request', decodeIpmiRequest],
  ['IPMI response', decodeIpmiResponse],
  ['Open Session Request', decodeOpenSessionRequest],
  ['Open Session Response', decodeOpenSessionResponse],
  ['RAKP 1', decodeRakp1],
  ['RAKP 2', (b) => decodeRakp2(b, 3)],
  ['RAKP 3', (b) => decodeRakp3(b, 1)],
  ['RAKP 4', (b) => decodeRakp4(b, 3)],
  ['auth capabilities', decodeAuthCapabilities],
  ['cipher suites', (b) => decodeCipherSuiteRecords(decodeCipherSuitesResponse(b).chunk)],
  ['device ID', decodeDeviceId],
  ['channel info', decodeChannelInfo],
  ['chassis status', decodeChassisStatus],
  ['boot options', (b) => decodeBootFlags(decodeGetBootOptionResponse(b).data)],
  ['LAN config', (b) => decodeMac(decodeGetLanConfigResponse(b).value)],
  ['activate payload', decodeActivatePayloadResponse],
  ['SOL', decodeSolPacket],
  ['AES payload', (b) => decryptPayload(Buffer.alloc(16, 1), b)],
];

const SEED = Buffer.from(
  '0600ff0706c00200000003000000200024b66c8df42242396415f12543e928576b9dd90c50807de0e03c811a6a02f4f2ffff020711657994d77797b3911caa8e',
  'hex',
);

describe.each(DECODERS)('%s decoder', (_name, decode) => {
  it('throws nothing but IpmiDecodeError on 3 000 random or mutated inputs', () => {
    for (let i = 0; i < 3_000; i++) {
      let input: Buffer;
      if (i % 2 === 0) input = randomBytes(i % 97);
      else {
        input = Buffer.from(SEED.subarray(0, i % SEED.length));
        if (input.length > 0) input[i % input.length] ^= 0xff;
      }
      try {
        decode(input);
      } catch (err) {
        expect(err).toBeInstanceOf(IpmiDecodeError);
      }
    }
  });
});
