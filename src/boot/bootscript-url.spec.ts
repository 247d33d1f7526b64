import { loadConfig } from '../config/config.loader';
import { bootscriptUrl } from './bootscript-url';

describe('bootscriptUrl', () => {
  it('defaults to http://HWCTL_HTTP_HOST:HWCTL_HTTP_PORT', () => {
    const config = loadConfig({ HWCTL_HTTP_HOST: '172.16.0.254', HWCTL_HTTP_PORT: '8080' });
    expect(bootscriptUrl(config, 'de:ad:be:ef:00:01')).toBe('http://172.16.0.254:8080/boot/v1/bootscript?mac=de:ad:be:ef:00:01');
  });

  it('uses HWCTL_BOOT_ADVERTISE_URL without its trailing slash, and brackets an IPv6 listen address', () => {
    expect(bootscriptUrl(loadConfig({ HWCTL_BOOT_ADVERTISE_URL: 'https://demo.openchami.cluster/hwctl/' }), 'aa:bb:cc:dd:ee:ff')).toBe(
      'https://demo.openchami.cluster/hwctl/boot/v1/bootscript?mac=aa:bb:cc:dd:ee:ff',
    );
    expect(bootscriptUrl(loadConfig({ HWCTL_HTTP_HOST: 'fd00::1' }), 'aa:bb:cc:dd:ee:ff')).toBe('http://[fd00::1]:27780/boot/v1/bootscript?mac=aa:bb:cc:dd:ee:ff');
  });

  it('rejects an advertised URL that is not http(s), naming the key', () => {
    expect(() => loadConfig({ HWCTL_BOOT_ADVERTISE_URL: 'tftp://10.0.0.1/' })).toThrow(/HWCTL_BOOT_ADVERTISE_URL/);
  });
});
