import { SsdpInterfaceError } from '../../protocols/ssdp';
import { ssdpMulticastProbe } from './ssdp-multicast-probe';

// Nothing is sent here; the multicast path itself is proven between namespaces (test/interop/ssdp-multicast.test.ts).
describe('ssdpMulticastProbe', () => {
  it('does nothing without an interface (multicast is opt-in)', async () => {
    const onHit = jest.fn();
    await expect(ssdpMulticastProbe({}, { onHit })).resolves.toBeUndefined();
    expect(onHit).not.toHaveBeenCalled();
  });

  it('throws before the sweep starts when the interface is unusable', () => {
    expect(() => ssdpMulticastProbe({ ssdpInterface: 'hwctl-none0' }, {})).toThrow(SsdpInterfaceError);
    expect(() => ssdpMulticastProbe({ ssdpInterface: 'eth0;x' }, {})).toThrow(/not an interface name/);
  });
});
