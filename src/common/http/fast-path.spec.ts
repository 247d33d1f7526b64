import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastPathHandler, installFastPath } from './fast-path';

const hostOf = (server: Server) => ({ httpAdapter: { getHttpServer: () => server } }) as unknown as HttpAdapterHost;
const req = (url: string) => ({ method: 'GET', url }) as IncomingMessage;
const res = (headersSent = false) => ({ headersSent, destroy: jest.fn() }) as unknown as ServerResponse;

describe('installFastPath', () => {
  beforeAll(() => Logger.overrideLogger(false)); // the access-log and warning lines are not under test
  it('composes: each fast path sees the request in turn, the original listener gets what none answered', () => {
    const seen: string[] = [];
    const server = createServer((r) => seen.push(`express ${r.url}`)); // never listens: requests are emitted
    const prefix = (name: string, p: string): FastPathHandler => (r) => {
      seen.push(`${name} ${r.url}`);
      return r.url!.startsWith(p);
    };
    expect(installFastPath(hostOf(server), prefix('boot', '/boot/'))).toBe(true);
    expect(installFastPath(hostOf(server), prefix('cloud-init', '/cloud-init/'))).toBe(true);
    expect(server.listenerCount('request')).toBe(1);
    for (const url of ['/boot/v1/bootscript?mac=x', '/cloud-init/user-data', '/hsm/v2/service/liveness']) server.emit('request', req(url), res());
    expect(seen).toEqual([
      'cloud-init /boot/v1/bootscript?mac=x',
      'boot /boot/v1/bootscript?mac=x',
      'cloud-init /cloud-init/user-data',
      'cloud-init /hsm/v2/service/liveness',
      'boot /hsm/v2/service/liveness',
      'express /hsm/v2/service/liveness',
    ]);
  });

  it('hands a request to the full stack when the handler throws before answering, and drops it after', () => {
    const express = jest.fn();
    const server = createServer(express);
    installFastPath(hostOf(server), () => {
      throw new Error('boom');
    });
    server.emit('request', req('/a'), res());
    expect(express).toHaveBeenCalledTimes(1);
    const sent = res(true);
    server.emit('request', req('/b'), sent);
    expect(express).toHaveBeenCalledTimes(1);
    expect(sent.destroy).toHaveBeenCalled();
  });

  it('installs nothing without a Node HTTP server', () => {
    expect(installFastPath({ httpAdapter: undefined } as unknown as HttpAdapterHost, () => true)).toBe(false);
  });
});
