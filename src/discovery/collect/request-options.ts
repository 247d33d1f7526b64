/**
 * Credentials and xname map from a request body, validated with errors that name the field. The values
 * go to the collect run in memory only; scan records keep just where credentials came from.
 */
import { badRequest } from '../../common/errors/hwctl-error';
import { isIP } from '../../common/net/ipv4';
import { CredentialSet } from '../discovery.tokens';
import { CollectOptionsDto } from '../dto/scan-request.dto';
import { normalizeXnameMap, XnameMapError } from './xname-map';

export function credentialSetFrom(dto: CollectOptionsDto): CredentialSet | undefined {
  const set: CredentialSet = {};
  if (dto.username !== undefined || dto.password !== undefined) {
    if (!dto.username) throw badRequest('username: required with password', 'username');
    set.default = { username: dto.username, password: dto.password ?? '' };
  }
  for (const [key, value] of Object.entries(dto.credentials ?? {})) {
    const field = `credentials.${key}`;
    const v = value as Record<string, unknown> | null;
    if (typeof v !== 'object' || v === null || typeof v.username !== 'string' || !v.username || typeof v.password !== 'string') {
      throw badRequest(`${field}: expected {"username": "...", "password": "..."}`, field);
    }
    const c = { username: v.username, password: v.password };
    if (key === 'default') set.default ??= c;
    else if (isIP(key.replace(/^https?:\/\//, '').replace(/:\d+$/, ''))) (set.byAddress ??= {})[key.replace(/^https?:\/\//, '').replace(/:\d+$/, '')] = c;
    else throw badRequest(`${field}: keys are "default" or a BMC address`, field);
  }
  return set.default || set.byAddress ? set : undefined;
}

export function xnameMapFrom(dto: CollectOptionsDto): Map<string, string> | undefined {
  if (!dto.bmcIdMap) return undefined;
  try {
    return normalizeXnameMap(dto.bmcIdMap);
  } catch (err) {
    if (err instanceof XnameMapError) throw badRequest(err.message, err.field);
    throw err;
  }
}
