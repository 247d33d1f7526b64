import { SetMetadata } from '@nestjs/common';
import { Scope } from './scopes';

export const PUBLIC_ROUTE = 'hwctl:public';
export const REQUIRED_SCOPE = 'hwctl:scope';

/** No token needed (health, readiness; later the node boot and cloud-init routes). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The scope a route needs. Without it: GET/HEAD need `read`, every other method `write`
 * (so a new mutating route is protected by default, never open by omission).
 */
export const RequireScope = (scope: Scope) => SetMetadata(REQUIRED_SCOPE, scope);
