// Standalone runner of bench/datasets.ts: bundles it (TypeScript, project imports) into
// node_modules/.cache, runs it, and writes bench/results/datasets.json.
//   node bench/datasets.mjs           60,000 CIFAR-format images, 5,000 JPEGs
//   node bench/datasets.mjs --quick   a tenth of that
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/** Bundle bench/datasets.ts to CommonJS and load it: { runDatasetsBench }. */
export async function loadDatasetsBench() {
  const { rolldown } = await import('rolldown');
  const file = join(root, 'node_modules', '.cache', 'distill-studio-bench', 'datasets.cjs');
  const bundle = await rolldown({
    input: join(here, 'datasets.ts'),
    platform: 'node',
    external: [/^@tensorflow\//, /^node:/, 'sharp', 'better-sqlite3', 'zod'],
    logLevel: 'warn',
  });
  await bundle.write({ file, format: 'cjs' });
  await bundle.close();
  return createRequire(import.meta.url)(file);
}

async function main() {
  const quick = process.argv.includes('--quick');
  const { runDatasetsBench } = await loadDatasetsBench();
  const result = await runDatasetsBench({ quick });
  const out = join(here, 'results', quick ? 'datasets-quick.json' : 'datasets.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
