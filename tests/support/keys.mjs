// Issuer keys of a server under test: the active key exported to a file, as `greenlight issue` reads it.
import { execFileSync } from 'node:child_process';

import { binary } from './server.mjs';

/** `greenlight-server keys export`: the active key for `use` of a startServer() server, written to `out`. */
export function exportKey(server, use, out) {
  execFileSync(binary, ['keys', 'export', '--use', use, '--out', out, '--data-dir', server.dataDir, ...server.dbArgs], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}
