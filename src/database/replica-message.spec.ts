import { decodeReplicaMessage, encodeReplicaMessage, NOTIFY_PAYLOAD_MAX_BYTES } from './replica-message';

describe('replica messages', () => {
  const change = (ids: string[]) => ({ changes: [{ kind: 'component', action: 'upsert', ids }], at: '2024-01-01T00:00:00.000Z' });

  it('carries a change that fits whole, and reads it back', () => {
    const text = encodeReplicaMessage('a1', 'inventory.changed', change(['x1000c1s7b1n0']));
    expect(JSON.parse(text)).toEqual({ origin: 'a1', event: 'inventory.changed', change: change(['x1000c1s7b1n0']) });
    expect(decodeReplicaMessage(text)).toEqual({ origin: 'a1', event: 'inventory.changed', change: change(['x1000c1s7b1n0']) });
  });

  it('sends "everything changed" instead of a change NOTIFY would refuse (8000 bytes and more)', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `x1000c1s${i}b0n0`);
    const text = encodeReplicaMessage('a1', 'inventory.changed', change(ids));
    expect(JSON.parse(text)).toEqual({ origin: 'a1', event: 'inventory.changed', all: true });
    expect(decodeReplicaMessage(text)).toEqual({ origin: 'a1', event: 'inventory.changed', all: true });
  });

  it('draws the line at the byte count, not the character count', () => {
    const sized = (id: string) => encodeReplicaMessage('a1', 'e', { ids: [id] });
    const overhead = Buffer.byteLength(sized(''));
    const fits = 'a'.repeat(NOTIFY_PAYLOAD_MAX_BYTES - overhead);
    expect(Buffer.byteLength(sized(fits))).toBe(NOTIFY_PAYLOAD_MAX_BYTES);
    expect(JSON.parse(sized(fits)).change).toEqual({ ids: [fits] });
    expect(JSON.parse(sized(`${fits}a`)).all).toBe(true);
    // Same characters, but one is two bytes in UTF-8: over the limit.
    expect(JSON.parse(sized(`é${fits.slice(1)}`)).all).toBe(true);
  });

  it.each([
    ['not JSON', 'hello'],
    ['a JSON scalar', '42'],
    ['null', 'null'],
    ['no origin', '{"event":"e","change":{}}'],
    ['no event', '{"origin":"a","change":{}}'],
    ['neither change nor all', '{"origin":"a","event":"e"}'],
    ['a list as change', '{"origin":"a","event":"e","change":[]}'],
    ['all not true', '{"origin":"a","event":"e","all":1}'],
  ])('ignores a payload that is not ours: %s', (_, text) => {
    expect(decodeReplicaMessage(text)).toBeUndefined();
  });
});
