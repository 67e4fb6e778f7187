// Where the repository is, and where suites leave screenshots and logs for a person to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../..', import.meta.url));

// test-results/<name>, made if missing.
export function resultsDir(name) {
  const dir = join(repo, 'test-results', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
