import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { CloudInitAdminController } from './controllers/admin.controller';
import { PublicEntriesController, SecureEntriesController } from './controllers/entries.controller';
import { PublicNodeDataController, SecureNodeDataController } from './controllers/node-data.controller';
import { NodeDataFastPath } from './fast-path/node-data-fast-path';
import { CloudInitRepository } from './repositories/cloud-init.repository';
import { CloudInitAdminService } from './services/cloud-init-admin.service';
import { CloudInitCache } from './services/cloud-init-cache.service';
import { NodeDataService } from './services/node-data.service';
import { NodeTokenService } from './services/node-token.service';
import { YamlBodyMiddleware } from './yaml-body.middleware';

/**
 * The cloud-init server (reference §4): `/cloud-init` (public stage, nodes known by source address) and
 * `/cloud-init-secure` (secure stage, node tokens), with OpenCHAMI's v0 and v1 admin layouts. The public
 * node routes and the v1 admin layout are also at the root (`/user-data`, `/{group}.yaml`, `/admin/…`) as
 * cloud-init ≥ v1.4 serves them; the v0 `/{id}` routes are not (see entries.controller.ts).
 * Controllers are listed most specific first: Express matches routes in registration order, so
 * `/cloud-init/admin/…` and `/cloud-init/user-data` must be seen before `/cloud-init/{id}`.
 * NodeDataFastPath answers cached public node documents before Express sees the request.
 */
@Module({
  imports: [InventoryModule],
  controllers: [CloudInitAdminController, PublicNodeDataController, SecureNodeDataController, PublicEntriesController, SecureEntriesController],
  providers: [CloudInitRepository, CloudInitCache, CloudInitAdminService, NodeDataService, NodeTokenService, NodeDataFastPath],
})
export class CloudInitModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Only where a body is read: the node routes (GET) stay free of it on the hot path. `admin/*path` is
    // the root alias of the v1 admin layout.
    const writes = [RequestMethod.POST, RequestMethod.PUT].flatMap((method) =>
      ['cloud-init', 'cloud-init-secure', 'cloud-init/*path', 'cloud-init-secure/*path', 'admin/*path'].map((path) => ({ path, method })),
    );
    consumer.apply(YamlBodyMiddleware).forRoutes(...writes);
  }
}
