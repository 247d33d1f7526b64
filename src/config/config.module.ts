import { DynamicModule, Global, Module } from '@nestjs/common';
import { HwctlConfig } from './config';

export const HWCTL_CONFIG = Symbol('HWCTL_CONFIG');

/** Provides the already-validated config (loaded before Nest starts, so bad keys fail fast). */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: HwctlConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: HWCTL_CONFIG, useValue: config }], exports: [HWCTL_CONFIG] };
  }
}
