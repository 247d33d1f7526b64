import { Provider } from '@nestjs/common';
import { decodeKey, loadOrCreateKeyFile } from '../common/crypto/key-file';
import { SecretBox } from '../common/crypto/secret-box';
import { HWCTL_CONFIG } from '../config/config.module';
import { HwctlConfig } from '../config/config';

/** The box that seals BMC passwords: key from HWCTL_SECRET_KEY, else the key file (made on first start, 0600). */
export const secretBoxProvider: Provider = {
  provide: SecretBox,
  inject: [HWCTL_CONFIG],
  useFactory: (config: HwctlConfig) =>
    new SecretBox(config.secrets.key ? decodeKey(config.secrets.key) : loadOrCreateKeyFile(config.secrets.keyFile)),
};
