import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from './auth/auth.module';
import { BootModule } from './boot/boot.module';
import { CloudInitModule } from './cloudinit/cloudinit.module';
import { ProblemFilter } from './common/errors/problem.filter';
import { HwctlConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source';
import { DhcpModule } from './dhcp/dhcp.module';
import { DiscoveryModule } from './discovery/discovery.module';
import { HealthModule } from './health/health.module';
import { InventoryModule } from './inventory/inventory.module';

/** Wires the capability modules around one validated config and one data source. */
@Module({})
export class AppModule {
  static forRoot(config: HwctlConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(config.database)),
        EventEmitterModule.forRoot({ wildcard: false }),
        ScheduleModule.forRoot(),
        AuthModule,
        HealthModule,
        InventoryModule,
        DiscoveryModule,
        CloudInitModule,
        BootModule,
        DhcpModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
