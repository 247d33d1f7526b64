import { Global, Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { HWCTL_CONFIG } from '../config/config.module';
import { HwctlConfig } from '../config/config';
import { JwtAuthGuard } from './jwt-auth.guard';
import { TokenVerifier } from './token-verifier';

@Global()
@Module({
  providers: [
    { provide: TokenVerifier, useFactory: (config: HwctlConfig) => new TokenVerifier(config), inject: [HWCTL_CONFIG] },
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule implements OnModuleInit {
  constructor(@Inject(HWCTL_CONFIG) private readonly config: HwctlConfig) {}

  onModuleInit(): void {
    if (!this.config.auth.enabled) new Logger('auth').warn('HWCTL_AUTH_ENABLED=false: every route is open to anyone who can reach it');
  }
}
