import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The file a worker thread runs: `<dir>/<name>.js` when running compiled (the daemon), else `<name>.ts`
 * loaded through ts-node (tests, benchmarks run from sources), else undefined (the caller then does the
 * work in-thread).
 */
export function workerEntry(dir: string, name: string): { file: string; execArgv: string[]; env: NodeJS.ProcessEnv } | undefined {
  const js = path.join(dir, `${name}.js`);
  if (fs.existsSync(js)) return { file: js, execArgv: [], env: process.env };
  const ts = path.join(dir, `${name}.ts`);
  if (!fs.existsSync(ts)) return undefined;
  const project = process.env.TS_NODE_PROJECT ?? path.resolve(__dirname, '../../../tsconfig.json');
  return { file: ts, execArgv: ['-r', 'ts-node/register/transpile-only'], env: { ...process.env, TS_NODE_PROJECT: project } };
}
