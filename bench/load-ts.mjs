// Loads a TypeScript benchmark module (with its imports of project code) by bundling it to
// CommonJS under node_modules/.cache; tfjs, native addons and other runtime packages stay external.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);

export async function loadTs(file) {
  const { rolldown } = await import('rolldown');
  const out = join(root, 'node_modules', '.cache', 'distill-studio-bench', file.replace(/\.ts$/, '.cjs'));
  const bundle = await rolldown({
    input: join(here, file),
    platform: 'node',
    external: [/^@tensorflow\//, /^node:/, 'sharp', 'better-sqlite3', 'playwright-core', 'ws', 'zod', 'yaml'],
    logLevel: 'warn',
  });
  await bundle.write({ file: out, format: 'cjs' });
  await bundle.close();
  return require(out);
}
