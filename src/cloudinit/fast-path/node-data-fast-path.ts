import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { installFastPath } from '../../common/http/fast-path';
import { requestIdOf } from '../../common/logging/request-log.middleware';
import { NODE_DATA_CONTENT_TYPE } from '../cloud-init.constants';
import { nodeRequestOf } from '../node-request';
import { DataKind, NodeDataService } from '../services/node-data.service';

/**
 * The public node routes and the paths Express matches to them: under `/cloud-init` and at the root
 * (cloud-init ≥ v1.4's layout, the same PublicNodeDataController), with or without one trailing slash
 * (Express's non-strict routing), any query (the routes read none). Nothing else — another spelling
 * (case, `%2D`, `//`) simply takes the full route. `/cloud-init-secure/…` is not here on purpose: it
 * needs the node-token check, and neither are the admin routes or `/{group}.yaml`.
 */
const ROUTES: ReadonlyMap<string, DataKind> = new Map(
  (['user-data', 'meta-data', 'vendor-data'] as const).flatMap((k) =>
    ['/cloud-init/', '/'].flatMap((prefix) => [
      [`${prefix}${k}`, k],
      [`${prefix}${k}/`, k],
    ]),
  ),
);

/**
 * Serves cached cloud-init documents straight from Node's HTTP server, ahead of Express and Nest — the
 * boot fast path's approach (bootscript-fast-path.ts) for issue 5's goal of ≥ 10k user-data req/s:
 * through the full stack a request costs ~0.3–0.5 ms of CPU before our ~20–30 µs run.
 *
 * A `GET [/cloud-init]/{user-data,meta-data,vendor-data}` whose answer NodeDataService already holds
 * (node index, data and rendered document all fresh in memory) is written here. Everything else falls
 * through untouched to PublicNodeDataController: a cold or expired cache, a document not rendered yet,
 * an address that is no node's (its 422 problem), a request with a body or with conditions this file
 * does not decide alone, any other method or route. The node is found by the same fields
 * (nodeRequestOf) and the same TrustedProxies.clientIp, and the answer is the same ServedDoc, so both
 * paths send the same bytes and headers — X-Request-Id (as request-log.middleware.ts sets it),
 * Content-Type, ETag, Content-Length — and the same 304 to a matching If-None-Match. The route is
 * @Public() (source address, no token), so no guard is skipped that would have applied.
 */
@Injectable()
export class NodeDataFastPath implements OnApplicationBootstrap {
  private readonly logger = new Logger('cloud-init');
  served = 0;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly data: NodeDataService,
  ) {}

  onApplicationBootstrap(): void {
    installFastPath(this.adapterHost, (req, res) => this.tryServe(req, res));
  }

  /** True when the request was answered here; false leaves `res` untouched. */
  tryServe(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url;
    if (req.method !== 'GET' || url === undefined) return false;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const kind = ROUTES.get(path);
    if (kind === undefined || hasBody(req.headers)) return false;
    const hit = this.data.cachedForRequester(kind, nodeRequestOf(req));
    if (!hit) return false;
    const status = conditionalStatus(req.headers, hit.doc.etag);
    if (status === undefined) return false;
    const id = requestIdOf(req.headers);
    if (status === 304) {
      // As Express's res.send for a fresh request: no Content-Type, Content-Length or body (RFC 9110 §15.4.5).
      res.writeHead(304, { 'X-Request-Id': id, ETag: hit.doc.etag });
      res.end();
    } else {
      res.writeHead(200, {
        'X-Request-Id': id,
        'Content-Type': NODE_DATA_CONTENT_TYPE[kind],
        ETag: hit.doc.etag,
        'Content-Length': hit.doc.body.length,
      });
      res.end(hit.doc.body);
    }
    this.served++;
    // Level "log" like the access log of the full path (off when HWCTL_LOG_LEVEL=warn, e.g. in benchmarks).
    this.logger.log({ msg: 'node data', id, path, xname: hit.xname, status });
    return true;
  }
}

/**
 * 200 or 304 exactly as Express decides it (`req.fresh`, the `fresh` 2.x package) for a response with this
 * ETag and no Last-Modified, or undefined for the rare cases left to Express: If-None-Match with several
 * tags, or with a Cache-Control request header (`no-cache` forces a full answer). Without If-None-Match,
 * If-Modified-Since alone is never fresh (there is no Last-Modified to compare with).
 */
export function conditionalStatus(headers: IncomingHttpHeaders, etag: string): 200 | 304 | undefined {
  const noneMatch = headers['if-none-match'];
  if (!noneMatch) return 200;
  if (headers['cache-control'] !== undefined) return undefined;
  // RFC 9110 §13.1.2: weak comparison; "*" matches any current representation.
  if (noneMatch === '*' || noneMatch === etag || `W/${noneMatch}` === etag) return 304;
  return noneMatch.includes(',') ? undefined : 200;
}

/** A GET with a body goes through the body parser on the full route (a malformed one is its 400 to give). */
function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
