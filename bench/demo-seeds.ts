// The demo as a user runs it (`distill-studio demo --seeds 1,2,3`), on two real-image datasets:
// the bundled MNIST digits and Fashion-MNIST (fashion-mnist.ts), on the native TensorFlow backend
// (when setup-backend built it) and on pure JS, with the weights balanced at the start (the
// demo's default) and, on native, with the papers' weights. Reports per row mean ± std over the
// seeds and the paired difference against the same seed's baseline, on validation and test, and
// the wall time of each demo: native against pure JS is the demo speed-up.
// Run: `node bench/run.mjs demo-seeds [--quick]` (about 45 minutes on 2 cores; --quick: 2 seeds, 1 epoch).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { activeInstall } from '../src-main/backends/native-setup/install-layout';
import type { DemoSeedSummary } from '../src-main/cli/demo-seeds';
import { fashionMnistIdx } from './fashion-mnist';
import { termName } from '../src-main/training/core/terms';
import type { Term } from '../shared/schemas/run-config';
import { projectRoot } from './project-root';

const root = projectRoot();
const cli = join(root, 'bin', 'distill-studio.js');

export interface DemoSeedsRun {
  backend: 'native' | 'pure-js';
  dataset: string;
  weights: 'balanced' | 'paper';
  seconds: number;
  summary: DemoSeedSummary[];
  /** Per seed: the weights each distilled run used (weight/<term> metrics, or the config's). */
  weightsUsed: Record<string, Record<string, number>>;
}

function cliJson(args: string[], env: NodeJS.ProcessEnv): unknown {
  const r = spawnSync(process.execPath, [cli, ...args, '--json'], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`distill-studio ${args.join(' ')} failed (${r.status}): ${r.stderr.trim().split('\n').at(-1)}`);
  return JSON.parse(r.stdout);
}

/** The weights a distilled run trained with: the balanced ones it recorded, else its config's. */
function weightsOf(runId: string, env: NodeJS.ProcessEnv, dataDir: string): Record<string, number> {
  const shown = cliJson(['runs', 'show', runId, '--data-dir', dataDir], env) as {
    summary: { key: string; last: number }[];
    config: { terms: Term[] };
  };
  const recorded = shown.summary.filter((m) => m.key.startsWith('weight/'));
  if (recorded.length) return Object.fromEntries(recorded.map((m) => [m.key.slice(7), m.last]));
  return Object.fromEntries(shown.config.terms.map((t) => [termName(t), t.weight]));
}

export async function runDemoSeedsBench({ quick = false } = {}) {
  const log = (l: string) => console.log(`   ${l}`);
  const started = Date.now();
  const fashionDir = fashionMnistIdx(join(root, 'bench', '.cache'), log);
  const seeds = quick ? '1,2' : '1,2,3';
  const budget = quick ? ['--epochs', '1', '--samples', '512'] : [];
  const backends: DemoSeedsRun['backend'][] = activeInstall('cpu') ? ['native', 'pure-js'] : ['pure-js'];
  const runs: DemoSeedsRun[] = [];
  for (const backend of backends) {
    const env = { ...process.env, DISTILL_STUDIO_BACKEND: backend === 'native' ? 'tensorflow' : 'cpu' };
    const dataDir = mkdtempSync(join(os.tmpdir(), 'distill-demo-seeds-'));
    try {
      cliJson(['datasets', 'import', fashionDir, '--name', 'Fashion-MNIST', '--data-dir', dataDir], env);
      const plans: [string, DemoSeedsRun['weights']][] = [
        ['mnist-demo', 'balanced'],
        ['Fashion-MNIST', 'balanced'],
      ];
      if (backend === 'native') plans.push(['mnist-demo', 'paper'], ['Fashion-MNIST', 'paper']);
      for (const [dataset, weights] of plans) {
        log(`${backend}: demo on ${dataset}, ${weights} weights, seeds ${seeds}`);
        const t0 = Date.now();
        const args = ['demo', '--dataset', dataset, '--seeds', seeds, ...budget, ...(weights === 'paper' ? ['--paper-weights'] : []), '--data-dir', dataDir];
        const out = cliJson(args, env) as { summary: DemoSeedSummary[]; tables: { runId: string; label: string }[][]; seeds: number[] };
        const seconds = Math.round((Date.now() - t0) / 1000);
        const weightsUsed: DemoSeedsRun['weightsUsed'] = {};
        out.tables.forEach((t, s) => t.slice(2).forEach((row) => (weightsUsed[`seed ${out.seeds[s]} ${row.label}`] = weightsOf(row.runId, env, dataDir))));
        runs.push({ backend, dataset, weights, seconds, summary: out.summary, weightsUsed });
        const kd = out.summary.find((r) => r.label === 'KD');
        log(`  ${seconds} s; KD Δ test ${kd?.testVsBaseline?.mean.toFixed(4)} ± ${kd?.testVsBaseline?.std.toFixed(4)}`);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const speedup = ['mnist-demo', 'Fashion-MNIST'].map((dataset) => {
    const at = (b: string) => runs.find((r) => r.backend === b && r.dataset === dataset && r.weights === 'balanced')?.seconds;
    const [n, j] = [at('native'), at('pure-js')];
    return { dataset, nativeSeconds: n ?? null, pureJsSeconds: j ?? null, ratio: n && j ? Number((j / n).toFixed(2)) : null };
  });
  return {
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      node: process.versions.node,
      loadAvgEnd: os.loadavg().map((l) => Number(l.toFixed(2))),
    },
    seeds,
    budget: quick ? '1 epoch, 512 images' : 'the demo default: students 4 epochs on 4,000 images, the teacher 8 on 8,000, batch 32',
    runs,
    speedup,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}
