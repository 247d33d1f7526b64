import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { installFastPath } from '../../common/http/fast-path';
import { parseBootscriptQuery } from './bootscript-query';
import { BootscriptAnswer, BootscriptService } from './bootscript.service';

const PREFIX = '/boot/v1/bootscript?';
/** `mac=` with a normalized MAC and nothing else: the URL DHCP option 67 carries (see bootscript-url.ts). */
const PLAIN_MAC = /^mac=([0-9a-f]{2}(?::[0-9a-f]{2}){5})$/;

/**
 * Serves cached bootscripts straight from Node's HTTP server, ahead of Express and Nest.
 *
 * Why: a boot storm is thousands of identical-shaped GETs from nodes that carry no token, and through the
 * full stack (Express routing, request-log middleware, guard, pipes, filter) each one costs ~0.3 ms of CPU
 * before our code runs — that stack alone caps a core at ~3,500 req/s here, far from the ≥10k req/s goal.
 * So a `GET /boot/v1/bootscript?…` whose answer is already in the per-key cache is written here, in a few
 * microseconds. Everything else — a miss, a bad query, an error answer, any other route — falls through,
 * untouched, to the normal Nest route (BootscriptController), which resolves, fills the cache, and answers
 * problems as RFC 7807. Both paths produce the same bytes: they call the same BootscriptService.
 * The route is public either way (iPXE has no token), so no guard is skipped that would have applied.
 */
@Injectable()
export class BootscriptFastPath implements OnApplicationBootstrap {
  private readonly logger = new Logger('boot');
  served = 0;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly bootscripts: BootscriptService,
  ) {}

  onApplicationBootstrap(): void {
    installFastPath(this.adapterHost, (req, res) => this.tryServe(req, res));
  }

  /** True when the request was answered here. */
  private tryServe(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url;
    if (req.method !== 'GET' || url === undefined || !url.startsWith(PREFIX)) return false;
    const search = url.slice(PREFIX.length);
    let answer: BootscriptAnswer | undefined;
    let bytes: Buffer | string | undefined;
    const plain = PLAIN_MAC.exec(search);
    if (plain) {
      const hit = this.bootscripts.plainMacAnswer(plain[1]);
      answer = hit?.answer;
      bytes = hit?.bytes;
    } else {
      try {
        answer = this.bootscripts.cachedAnswer(parseBootscriptQuery(queryOf(search)));
      } catch {
        return false; // a bad query: the Nest route answers it with the 400 problem
      }
      bytes = answer?.body;
    }
    if (!answer || bytes === undefined) return false;
    res.writeHead(200, { 'Content-Type': answer.contentType, 'Content-Length': Buffer.byteLength(bytes) });
    res.end(bytes);
    this.served++;
    // Level "log" like the access log of the full path (off when HWCTL_LOG_LEVEL=warn, e.g. in benchmarks).
    this.logger.log({ msg: 'bootscript', path: url, xname: answer.xname, status: 200, unknown: answer.unknown === true });
    return true;
  }
}

/** The query as Express's parser gives it to the controller: a repeated key becomes an array. */
function queryOf(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null); // no prototype: "__proto__=" is just a key
  for (const [k, v] of new URLSearchParams(search)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
