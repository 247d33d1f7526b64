import * as fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ZodIssue } from 'zod';
import { configSchema } from './config.schema';
import { HwctlConfig, toHwctlConfig } from './config';

/** Thrown when configuration is invalid; the message lists every bad key, never a secret value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads HWCTL_* from the environment, on top of the optional file named by HWCTL_CONFIG
 * (YAML or JSON mapping the same HWCTL_* names to values). The environment wins over the file.
 * Unknown HWCTL_* names are errors too: a typo must not silently fall back to a default.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): HwctlConfig {
  const problems: string[] = [];
  const fromFile = readConfigFile(env.HWCTL_CONFIG, problems);
  const fromEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('HWCTL_') && !CLIENT_ONLY_KEYS.has(key) && value !== undefined && value !== '') {
      fromEnv[key] = value;
    }
  }
  const parsed = configSchema.safeParse({ ...fromFile, ...fromEnv });
  if (!parsed.success) problems.push(...parsed.error.issues.map(describeIssue));
  if (problems.length > 0) throw new ConfigError(problems);
  return toHwctlConfig(parsed.data!, cwd);
}

// Read by the CLI or by test tooling, not by the daemon; allowed in the environment without a schema entry.
const CLIENT_ONLY_KEYS = new Set(['HWCTL_CONFIG', 'HWCTL_URL', 'HWCTL_TOKEN', 'HWCTL_TEST_DATABASE_URL', 'HWCTL_MOCKUPS_DIR']);

function readConfigFile(file: string | undefined, problems: string[]): Record<string, unknown> {
  if (!file) return {};
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(`HWCTL_CONFIG: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return {};
  }
  try {
    const data: unknown = parseYaml(text); // YAML is a superset of JSON
    if (data == null) return {};
    if (typeof data !== 'object' || Array.isArray(data)) {
      problems.push(`HWCTL_CONFIG: ${file} must hold a mapping of HWCTL_* keys to values`);
      return {};
    }
    return data as Record<string, unknown>;
  } catch (err) {
    problems.push(`HWCTL_CONFIG: ${file} is not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`);
    return {};
  }
}

function describeIssue(issue: ZodIssue): string {
  const key = issue.path.join('.') || '(root)';
  if (issue.code === 'unrecognized_keys') return `unknown setting(s): ${issue.keys.join(', ')}`;
  // zod messages never include the offending value, so secrets cannot leak through here.
  return `${key}: ${issue.message}`;
}
