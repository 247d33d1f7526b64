/** Starts simulators/redfish/run-redfish-sim.ts in its own process (the scanner must not share its event loop). */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface SimProcess {
  pid: number;
  stop(): Promise<void>;
  readyLine: string;
}

const ROOT = path.resolve(__dirname, '..', '..');

export async function startSimProcess(args: string[], timeoutMs = 120_000): Promise<SimProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'simulators/redfish/run-redfish-sim.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const deadline = Date.now() + timeoutMs;
  while (!out.includes('ready')) {
    if (child.exitCode !== null) throw new Error(`simulator exited: ${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`simulator not ready after ${timeoutMs} ms: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid!,
    readyLine: out.trim().split('\n').find((l) => l.includes('ready')) ?? '',
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
