// Where the project is, for benchmarks that start its CLI: they run bundled under
// node_modules/.cache (load-ts.mjs), so the folder is found upwards, by bin/distill-studio.js.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function projectRoot(): string {
  for (let d = __dirname, i = 0; i < 6; i++, d = join(d, '..')) if (existsSync(join(d, 'bin', 'distill-studio.js'))) return d;
  throw new Error('cannot find the project folder (bin/distill-studio.js) above the benchmark');
}
