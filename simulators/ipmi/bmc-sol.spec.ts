import { decodeSolPacket, encodeSolPacket, SolStatus } from '../../src/protocols/ipmi';
import { SerialConsole } from '../fleet/serial-console';
import { SolChannel } from './bmc-sol';

function setup(opts = {}) {
  const serial = new SerialConsole({ prompt: '$ ' });
  const sent: ReturnType<typeof decodeSolPacket>[] = [];
  const channel = new SolChannel(serial, (p) => sent.push(decodeSolPacket(p)), { retryIntervalMs: 100, retries: 2, maxData: 4, ...opts });
  return { serial, sent, channel };
}

describe('SolChannel (BMC side of §15.9)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends console output in numbered chunks, one outstanding at a time', () => {
    const { serial, sent, channel } = setup();
    serial.emitOutput('abcdefghij');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ sequence: 1, data: Buffer.from('abcd') });
    channel.handle(encodeSolPacket({ ackSequence: 1, acceptedCount: 4 }));
    expect(sent[1]).toMatchObject({ sequence: 2, data: Buffer.from('efgh') });
    channel.handle(encodeSolPacket({ ackSequence: 2, acceptedCount: 4 }));
    channel.handle(encodeSolPacket({ ackSequence: 3, acceptedCount: 2 }));
    expect(sent.map((p) => p.data.toString())).toEqual(['abcd', 'efgh', 'ij']);
    channel.stop();
  });

  it('resends the rest after a partial ack', () => {
    const { serial, sent, channel } = setup();
    serial.emitOutput('abcd');
    channel.handle(encodeSolPacket({ ackSequence: 1, acceptedCount: 1 }));
    expect(sent[1]).toMatchObject({ sequence: 2, data: Buffer.from('bcd') });
    channel.stop();
  });

  it('retransmits an unacknowledged packet, then gives it up after the retry count', () => {
    const { serial, sent, channel } = setup();
    serial.emitOutput('ab');
    jest.advanceTimersByTime(100);
    jest.advanceTimersByTime(100);
    expect(sent.map((p) => p.sequence)).toEqual([1, 1, 1]);
    jest.advanceTimersByTime(1000);
    expect(sent).toHaveLength(3);
    serial.emitOutput('c');
    expect(sent[3]).toMatchObject({ sequence: 2, data: Buffer.from('c') });
    channel.stop();
  });

  it('acks console input with its length, delivers it once, and the echo follows', () => {
    const { serial, sent, channel } = setup({ maxData: 64 });
    const typed: string[] = [];
    serial.on('line', (l: string) => typed.push(l));
    channel.handle(encodeSolPacket({ sequence: 1, data: Buffer.from('ls\r') }));
    channel.handle(encodeSolPacket({ sequence: 1, data: Buffer.from('ls\r') })); // retransmitted by the console
    expect(sent[0]).toMatchObject({ sequence: 0, ackSequence: 1, acceptedCount: 3 });
    expect(sent[1]).toMatchObject({ sequence: 1, data: Buffer.from('ls\r\n$ ') });
    expect(sent[2]).toMatchObject({ sequence: 0, ackSequence: 1, acceptedCount: 3 });
    expect(typed).toEqual(['ls']);
    channel.stop();
  });

  it('tells the console it is deactivating when stopped with notify', () => {
    const { sent, channel } = setup();
    channel.stop(true);
    expect(sent[0].flags & SolStatus.Deactivating).toBeTruthy();
  });
});
