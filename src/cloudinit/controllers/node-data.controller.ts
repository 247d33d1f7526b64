import { Controller, Get, Param, Res, Type } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/auth.decorators';
import { NODE_DATA_CONTENT_TYPE } from '../cloud-init.constants';
import { Stage } from '../cloud-init.types';
import { NodeRequest, NodeRequestInfo } from '../node-request';
import { ServedDoc } from '../render/served-doc';
import { NodeDataService } from '../services/node-data.service';

const YAML = 'text/yaml; charset=utf-8';

/**
 * The node routes of a stage (reference §4): a node asks without naming itself and gets its own
 * documents. `@Public()` because identity is not an API token here: on the public stage it is the
 * source address, on the secure stage a node token checked by NodeDataService (never an API token).
 * The NoCloud datasource fetches `<seed>/meta-data`, `<seed>/user-data` and `<seed>/vendor-data`.
 * Cached answers of the public three are served ahead of Express by NodeDataFastPath (same service,
 * same bytes and headers); what is not cached comes here.
 */
function nodeDataController(prefix: string | string[], stage: Stage, className: string): Type<unknown> {
  @ApiTags('cloud-init')
  @Public()
  @Controller(prefix)
  class NodeDataController {
    constructor(readonly data: NodeDataService) {}

    @Get('user-data')
    async userData(@NodeRequestInfo() req: NodeRequest, @Res() res: Response) {
      send(res, NODE_DATA_CONTENT_TYPE['user-data'], await this.data.forRequester(stage, 'user-data', req));
    }

    @Get('meta-data')
    async metaData(@NodeRequestInfo() req: NodeRequest, @Res() res: Response) {
      send(res, NODE_DATA_CONTENT_TYPE['meta-data'], await this.data.forRequester(stage, 'meta-data', req));
    }

    @Get('vendor-data')
    async vendorData(@NodeRequestInfo() req: NodeRequest, @Res() res: Response) {
      send(res, NODE_DATA_CONTENT_TYPE['vendor-data'], await this.data.forRequester(stage, 'vendor-data', req));
    }

    /**
     * A group's document, the target of vendor-data's `#include` lines; members only. At the root this is
     * `/{name}.yaml`: one segment ending in `.yaml`, a shape no other route of hwctl has (the OpenAPI
     * document is `/docs-json`/`/docs-yaml`, no dot), so it shadows nothing.
     */
    @Get(':group.yaml')
    async groupFile(@Param('group') group: string, @NodeRequestInfo() req: NodeRequest, @Res() res: Response) {
      send(res, YAML, await this.data.groupFileForRequester(stage, group, req));
    }
  }
  Object.defineProperty(NodeDataController, 'name', { value: className });
  return NodeDataController;
}

/**
 * Sends the cached bytes with their precomputed ETag (see served-doc.ts). Written directly (`@Res()`):
 * Nest would serialize a returned Buffer as JSON. Errors are thrown before this, so they still reach
 * the problem filter.
 */
function send(res: Response, contentType: string, doc: ServedDoc): void {
  res.setHeader('Content-Type', contentType);
  res.setHeader('ETag', doc.etag);
  res.send(doc.body);
}

/**
 * The public stage also at the root (`/user-data`, `/{group}.yaml`): cloud-init ≥ v1.4 serves there and
 * leaves `/cloud-init` to a reverse proxy (reference §4), so seeds of both layouts work. The secure stage
 * stays at `/cloud-init-secure` only (≥ v1.4's root `/secure` is empty).
 */
export const PublicNodeDataController = nodeDataController(['cloud-init', ''], 'public', 'PublicNodeDataController');
export const SecureNodeDataController = nodeDataController('cloud-init-secure', 'secure', 'SecureNodeDataController');
