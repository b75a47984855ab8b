// The demo's wall time per backend, back to back in one run: `distill-studio demo` (one seed, the
// default budget) on native TensorFlow with its steps as graphs, on native op by op
// (DISTILL_STUDIO_GRAPH_STEPS=0), and on pure JS with the WebAssembly kernels and with the plain
// JS kernels (DISTILL_STUDIO_KERNELS=js, the pure-JS backend as it was before WebAssembly). Each
// row keeps every run's seconds and accuracy, so a speed-up never hides a change in results.
// Run: `node bench/run.mjs demo-speed` (about 10 minutes on 2 cores, most of it the JS kernels).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { activeInstall } from '../src-main/backends/native-setup/install-layout';
import type { DemoRow } from '../shared/types';
import { projectRoot } from './project-root';

interface Variant {
  name: string;
  env: Record<string, string>;
}

const VARIANTS: Variant[] = [
  { name: 'native, graph steps', env: { DISTILL_STUDIO_BACKEND: 'tensorflow' } },
  { name: 'native, op by op', env: { DISTILL_STUDIO_BACKEND: 'tensorflow', DISTILL_STUDIO_GRAPH_STEPS: '0' } },
  { name: 'pure JS, WebAssembly kernels', env: { DISTILL_STUDIO_BACKEND: 'cpu', DISTILL_STUDIO_KERNELS: 'wasm' } },
  { name: 'pure JS, JS kernels', env: { DISTILL_STUDIO_BACKEND: 'cpu', DISTILL_STUDIO_KERNELS: 'js' } },
];

export async function runDemoSpeedBench({ quick = false } = {}) {
  const root = projectRoot();
  const cli = join(root, 'bin', 'distill-studio.js');
  const native = activeInstall('cpu') !== null;
  const budget = quick ? ['--epochs', '1', '--samples', '512'] : [];
  const rows: {
    variant: string;
    env: Record<string, string>;
    seconds: number;
    runs: { label: string; seconds: number | null; valAcc: number | null; testAcc: number | null }[];
  }[] = [];
  for (const v of VARIANTS) {
    if (v.env.DISTILL_STUDIO_BACKEND === 'tensorflow' && !native) {
      console.log(`   ${v.name}: skipped (no native backend: npm run setup:native)`);
      continue;
    }
    const dataDir = mkdtempSync(join(os.tmpdir(), 'distill-demo-speed-'));
    try {
      const t0 = Date.now();
      const r = spawnSync(process.execPath, [cli, 'demo', ...budget, '--json', '--data-dir', dataDir], {
        cwd: root,
        env: { ...process.env, ...v.env },
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      });
      const seconds = (Date.now() - t0) / 1000;
      if (r.status !== 0) throw new Error(`demo on ${v.name} failed (${r.status}): ${r.stderr.trim().split('\n').at(-1)}`);
      const table = JSON.parse(r.stdout) as DemoRow[];
      const runs = table.map((t) => ({ label: t.label, seconds: t.seconds, valAcc: t.accuracy, testAcc: t.testAccuracy }));
      console.log(`   ${v.name}: ${seconds.toFixed(1)} s (${runs.map((x) => `${x.label} ${x.seconds?.toFixed(1)} s`).join(', ')})`);
      rows.push({ variant: v.name, env: v.env, seconds: Number(seconds.toFixed(1)), runs });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const secondsOf = (name: string) => rows.find((r) => r.variant === name)?.seconds ?? null;
  const graph = secondsOf('native, graph steps');
  const ratio = (name: string) => {
    const s = secondsOf(name);
    return graph && s ? Number((s / graph).toFixed(2)) : null;
  };
  return {
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.versions.node },
    budget: quick ? '1 epoch, 512 images' : 'the demo default, seed 1: teacher 8 epochs on 8,000 images, students 4 on 4,000, batch 32',
    rows,
    speedUpOfGraphSteps: {
      vsNativeOpByOp: ratio('native, op by op'),
      vsWasm: ratio('pure JS, WebAssembly kernels'),
      vsJsKernels: ratio('pure JS, JS kernels'),
    },
  };
}
