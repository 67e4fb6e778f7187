// Third-party test data (docs/testing.md) lives outside the repository: GREENLIGHT_TESTDATA_DIR names the
// folder (a relative path is taken from the repository root), default ../shared/testdata. A test that
// needs a missing suite skips itself by name: `test(name, { skip: missingTestdata(suite, path) }, ...)`.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export const testdataDir = resolve(repo, process.env.GREENLIGHT_TESTDATA_DIR || join('..', 'shared', 'testdata'));

// Path of a file or folder in the third-party test data.
export const testdataPath = (relative) => join(testdataDir, relative);

// false when the suite's file or folder is there, else the reason to skip (for node:test's `skip`).
export const missingTestdata = (suite, relative) =>
  !existsSync(testdataPath(relative)) &&
  `third-party suite not found: ${suite} (${testdataPath(relative)}); set GREENLIGHT_TESTDATA_DIR (docs/testing.md)`;
