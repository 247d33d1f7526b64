import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/** Answers the request and returns true, or returns false without touching `res` (the request goes on to Nest). */
export type FastPathHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

const logger = new Logger('http');

/**
 * Puts `handler` in front of the Nest HTTP server's 'request' listeners (Express), for hot public GETs
 * whose answer is already cached (see bootscript-fast-path.ts for why: Express and Nest cost ~0.3 ms of
 * CPU per request before our code runs). The listeners present now — Express, or the chain of a fast path
 * installed earlier — become the fall-through, so several fast paths compose: each sees the request in
 * turn and the last one hands it to Express untouched. A handler that throws before answering also falls
 * through (Nest then answers, as a problem if need be). Call from onApplicationBootstrap, when the server
 * exists and Express is attached; returns false when there is no Node HTTP server (nothing installed).
 */
export function installFastPath(adapterHost: HttpAdapterHost, handler: FastPathHandler): boolean {
  const server = adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
  if (!server || typeof server.listeners !== 'function') return false;
  const downstream = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    try {
      if (handler(req, res)) return;
    } catch (err) {
      if (res.headersSent) {
        logger.error({ msg: 'fast path failed after answering', path: req.url, err: String(err) });
        res.destroy();
        return;
      }
      logger.warn({ msg: 'fast path failed; handing the request to the full stack', path: req.url, err: String(err) });
    }
    for (const l of downstream) l.call(server, req, res);
  });
  return true;
}
