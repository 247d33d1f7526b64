/**
 * A throwaway self-signed certificate for the simulated BMCs, made with the system's `openssl req -x509`
 * (node:crypto can make keys but not X.509 certificates). P-256 keys keep thousands of handshakes cheap.
 * The certificate names every simulated address as an IP SAN (RFC 5280 §4.2.1.6), so a client that
 * verifies against it as a pinned CA succeeds, and one that uses the system store fails — as with a BMC.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SimCertificate {
  key: string;
  cert: string;
}

/** At most this many IP SANs (OpenSSL and clients cope with more, but there is no need). */
const MAX_SANS = 1024;

export function makeSelfSignedCert(addresses: string[], commonName = 'hwctl-sim-bmc'): SimCertificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-sim-cert-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    const sans = ['DNS:localhost', 'IP:127.0.0.1', ...[...new Set(addresses)].slice(0, MAX_SANS).map((a) => `IP:${a}`)];
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile,
        '-days', '7', '-subj', `/CN=${commonName}`, '-addext', `subjectAltName=${sans.join(',')}`, '-addext', 'basicConstraints=critical,CA:TRUE'],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 },
    );
    return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
