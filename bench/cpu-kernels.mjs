// Standalone runner of bench/cpu-kernels.ts: bundles it (TypeScript, project imports) into
// node_modules/.cache so `@tensorflow/tfjs` resolves from the project, runs it, and writes
// bench/results/cpu-kernels.json.
//   node bench/cpu-kernels.mjs           full run (includes one stock resnet8 step at batch 64: minutes)
//   node bench/cpu-kernels.mjs --quick   per-kernel, MNIST CNN and resnet8 at batch 8 only
// Other scripts (bench/run.js) can `await loadCpuKernelBench()` and call runCpuKernelBench().
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/** Bundle bench/cpu-kernels.ts to CommonJS and load it: { runCpuKernelBench }. */
export async function loadCpuKernelBench() {
  const { rolldown } = await import('rolldown');
  const file = join(root, 'node_modules', '.cache', 'distill-studio-bench', 'cpu-kernels.cjs');
  const bundle = await rolldown({
    input: join(here, 'cpu-kernels.ts'),
    platform: 'node',
    external: [/^@tensorflow\//, /^node:/],
    logLevel: 'warn',
  });
  await bundle.write({ file, format: 'cjs' });
  await bundle.close();
  return createRequire(import.meta.url)(file);
}

async function main() {
  const quick = process.argv.includes('--quick');
  const { runCpuKernelBench } = await loadCpuKernelBench();
  const result = await runCpuKernelBench({ quick });
  const out = join(here, 'results', quick ? 'cpu-kernels-quick.json' : 'cpu-kernels.json');
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
