// Standalone runner of bench/cpu-kernels.ts (bundled by the shared TypeScript loader), writing
// bench/results/cpu-kernels.json.
//   node bench/cpu-kernels.mjs           full run (includes one stock resnet8 step at batch 64: minutes)
//   node bench/cpu-kernels.mjs --quick   per kernel, MNIST CNN and resnet8 at batch 8 only
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadTs } from './load-ts.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** The benchmark module: { runCpuKernelBench(options?) }. */
export function loadCpuKernelBench() {
  return loadTs('cpu-kernels.ts');
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
