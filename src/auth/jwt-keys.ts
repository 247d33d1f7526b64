import { HwctlConfig } from '../config/config';
import { loadOrCreateKeyFile } from '../common/crypto/key-file';

/**
 * The HS256 signing secret shared by the daemon and `hwctl token create`: HWCTL_JWT_SECRET when set,
 * else the key file (generated on first start, mode 0600). Both read the same config, so the CLI
 * can mint tokens offline that the daemon accepts.
 */
export function loadJwtSecret(config: HwctlConfig): Uint8Array {
  if (config.auth.jwtSecret) return new TextEncoder().encode(config.auth.jwtSecret);
  return new Uint8Array(loadOrCreateKeyFile(config.auth.jwtSecretFile));
}
