import * as fs from 'node:fs';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HWCTL_CONFIG } from '../config/config.module';
import { HwctlConfig } from '../config/config';
import { TftpEvent, TftpServer, TftpStats } from '../protocols/tftp';

/**
 * Runs the framework-free TFTP server (src/protocols/tftp) when HWCTL_TFTP_ENABLED=true, serving
 * HWCTL_TFTP_ROOT read-only. A port that cannot be bound stops start-up: a boot server that silently
 * does not serve is worse than one that refuses to start.
 */
@Injectable()
export class TftpService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('tftp');
  private server?: TftpServer;

  constructor(@Inject(HWCTL_CONFIG) private readonly config: HwctlConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    const c = this.config.tftp;
    if (!c.enabled) return;
    if (!fs.existsSync(c.root)) this.logger.warn({ msg: 'TFTP root does not exist (Debian: apt-get install ipxe)', root: c.root });
    this.server = new TftpServer({ ...c, onEvent: (e) => this.log(e) });
    const bound = await this.server.listen();
    this.logger.log({ msg: 'tftp listening', address: bound.address, port: bound.port, root: c.root });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  stats(): TftpStats | undefined {
    return this.server?.stats();
  }

  private log(e: TftpEvent): void {
    if (e.kind === 'refused') this.logger.warn({ msg: 'tftp request refused', peer: e.peer, file: e.file, code: e.code, reason: e.reason });
    else if (e.outcome === 'completed') this.logger.log({ msg: 'tftp transfer', peer: e.peer, file: e.file, bytes: e.bytes, blksize: e.blksize, windowsize: e.windowsize, ms: e.ms });
    else this.logger.warn({ msg: 'tftp transfer failed', peer: e.peer, file: e.file, outcome: e.outcome, bytes: e.bytes, ms: e.ms });
  }
}
