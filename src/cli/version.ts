import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * hwctl's version from package.json. Searched upwards because the file runs from src/cli (tests)
 * and from dist/src/cli (built), at different depths below the package root.
 */
export function packageVersion(start = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'hwctl' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json here: keep climbing
    }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}
