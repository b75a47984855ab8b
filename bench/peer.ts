// Peer benchmark: this project's training step against the same step in plain PyTorch
// (bench/peer/torch_step.py), on the CPU, float32, batch 64. Engines (bench/peer/engines.ts, one
// long-lived child process each): PyTorch at 1 and 2 threads, the native TensorFlow backend at 1
// and 2 intra-op threads, and the portable cpu backend: its WebAssembly kernels at 1 and 2
// threads, its JS kernels and tfjs's stock kernels (1 thread; the slow ones on fewer workloads and
// rounds, see PLANS).
// Workloads (bench/peer/workloads.json): resnet8 and the MNIST cnn with CE; resnet32x4 → resnet8x4
// on CIFAR-100 shapes with CE (student alone), the teacher forward alone, KD, AT, NST-poly, KD+NST.
// Rounds interleave every engine on every workload (orders rotate per round); medians over rounds
// (of each round's median over its timed steps: see repsOf).
// Reported: img/s, native/PyTorch throughput at equal threads, GFLOP/s from the multiply-adds the
// project counts at its product kernels (step-macs.ts; 1 MAC = 2 FLOP), share of the machine's
// FP32 peak, and the distillation overhead beyond the teacher forward per engine:
//   overhead = (t(method) − t(teacher forward) − t(CE step)) / t(CE step), per round, median.
// Parameter counts of both sides must agree (describeModel and the built zoo vs PyTorch's numel).
// Run: `node bench/run.mjs peer [--quick]` (creates bench/.venv-peer with torch on first use).
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { registerFastCpuKernels } from '../src-main/backends/cpu/registry';
import { describeModel } from '../src-main/training/core/models/registry';
import { ensureTorchVenv, nodeEngine, torchEngine, type Engine } from './peer/engines';
import { builtParams, stepMacs, workloadSpec } from './peer/node-step';

export { serve } from './peer/node-step';

/** FP32 FMA peak of one core of this machine, GFLOP/s (see `peak` in the result for how). */
const PEAK_PER_CORE = 115;
const BATCH = 64;
const ALL = ['resnet8', 'cnn', 'pair-ce', 'pair-teacher', 'pair-kd', 'pair-at', 'pair-nst-poly', 'pair-kd+nst'];
const QUICK = ['resnet8', 'cnn', 'pair-ce', 'pair-teacher', 'pair-kd+nst'];
const METHODS = ['pair-kd', 'pair-at', 'pair-nst-poly', 'pair-kd+nst'];

/** Which workloads an engine runs, and in how many rounds (all when absent): the slow engines' budget. */
interface Plan {
  workloads?: ReadonlySet<string>;
  rounds?: number;
  /** Rounds for the workloads in `slow` (the big pair), if fewer. */
  slow?: ReadonlySet<string>;
  slowRounds?: number;
}
const SMALL = new Set(['resnet8', 'cnn']);
const PLANS = (quick: boolean): Record<string, Plan> => ({
  'wasm-1t': {
    workloads: new Set([...SMALL, 'pair-ce', 'pair-teacher', 'pair-kd+nst']),
    slow: new Set(['pair-ce', 'pair-teacher', 'pair-kd+nst']),
    slowRounds: quick ? 1 : 2,
  },
  'wasm-2t': {
    workloads: new Set([...SMALL, 'pair-ce', 'pair-teacher', 'pair-kd+nst']),
    slow: new Set(['pair-ce', 'pair-teacher', 'pair-kd+nst']),
    slowRounds: quick ? 1 : 2,
  },
  'js-1t': { workloads: new Set([...SMALL, 'pair-kd+nst']), rounds: quick ? 1 : 2, slow: new Set(['pair-kd+nst']), slowRounds: 1 },
  // tfjs's own kernels: about 20 s a cnn step and 4–5 minutes a resnet8 step here
  'stock-1t': { workloads: new Set(quick ? ['cnn'] : ['cnn', 'resnet8']), rounds: 1 },
});
/**
 * Timed steps per request. A single step right after the engine sat idle while the others ran
 * pays for cold caches and for memory the allocator gave back; the short workloads (tens of ms a
 * step) therefore run one untimed step and then five timed ones, on every engine but tfjs's stock
 * kernels (minutes a step). The long ones are timed once per round.
 */
const repsOf = (engine: string, w: string) => (SMALL.has(w) && engine !== 'stock-1t' ? 5 : 1);
const runs = (plan: Plan | undefined, w: string, round: number) =>
  !plan || ((!plan.workloads || plan.workloads.has(w)) && round < (plan.slow?.has(w) ? (plan.slowRounds ?? Infinity) : (plan.rounds ?? Infinity)));

interface Sample {
  wall: number[];
  cpu: number[];
  loss: number | null;
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (x: number, d = 1) => Number(x.toFixed(d));

/** The repository root: the bundle runs from node_modules/.cache/…, so look upwards for bench/run.mjs. */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'bench', 'run.mjs'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

function checkParams(torchParams: Record<string, number>) {
  const built = builtParams();
  const rows = Object.entries(torchParams).map(([model, pytorch]) => {
    const shape: [number, number, number] = model === 'cnn' ? [28, 28, 1] : [32, 32, 3];
    const described = describeModel(model, shape, model.endsWith('x4') ? 100 : 10).params;
    return { model, pytorch, describeModel: described, built: built[model]!, equal: pytorch === described && described === built[model] };
  });
  const bad = rows.filter((r) => !r.equal);
  if (bad.length) throw new Error(`parameter counts differ: ${JSON.stringify(bad)}`);
  return rows;
}

type Stat = { wallMs: number; cpuMs: number } | undefined;

/** The portable backend's ratios of the row, where its engines ran. */
function portableRatios(get: (engine: string) => Stat) {
  const ratio = (a: Stat, b: Stat) => (a && b ? round(a.wallMs / b.wallMs, 2) : null);
  const w1 = get('wasm-1t');
  const w2 = get('wasm-2t');
  const torch = get('pytorch-1t');
  return {
    /** PyTorch on 1 thread / the WebAssembly kernels on 1 and on 2 threads: the target is ≥ 1/3 on both cores. */
    wasm1tVsPytorch1t: ratio(torch, w1),
    wasm2tVsPytorch1t: ratio(torch, w2),
    meetsThird: torch && w2 ? torch.wallMs / w2.wallMs >= 1 / 3 : null,
    /** The JS kernels' and the stock kernels' step / the WebAssembly step (1 thread): the target is ≥ 5. */
    wasm1tVsJs: ratio(get('js-1t'), w1),
    wasm2tVsJs: ratio(get('js-1t'), w2),
    wasm1tVsStock: ratio(get('stock-1t'), w1),
    twoThreadsVsOne: ratio(w1, w2),
  };
}

export async function runPeerBench(options: { quick?: boolean; log?: (l: string) => void } = {}) {
  const log = options.log ?? ((l: string) => console.log(l));
  const started = Date.now();
  const root = repoRoot();
  const python = ensureTorchVenv(join(root, 'bench'), log);
  const workloads = options.quick ? QUICK : ALL;
  const rounds = options.quick ? 3 : 5;
  const plans = PLANS(Boolean(options.quick));

  // Parameter counts and multiply-adds, in this process on the pure-JS backend (batch 2, scaled).
  await tf.setBackend('cpu');
  registerFastCpuKernels();
  const macs = Object.fromEntries(workloads.map((w) => [w, stepMacs(w, 2) * (BATCH / 2)]));
  const script = join(root, 'bench', 'peer', 'torch_step.py');
  const child = join(root, 'bench', 'peer', 'child.mjs');
  const engines: Engine[] = [
    torchEngine(python, script, 1),
    torchEngine(python, script, 2),
    nodeEngine(child, __filename, 'native', 1),
    nodeEngine(child, __filename, 'native', 2),
    nodeEngine(child, __filename, 'wasm', 1),
    nodeEngine(child, __filename, 'wasm', 2),
    nodeEngine(child, __filename, 'js', 1),
    nodeEngine(child, __filename, 'stock', 1),
  ];
  try {
    const torchInfo = await engines[0]!.request<{ params: Record<string, number>; torch: string }>({ params: true });
    const params = checkParams(torchInfo.params);
    log(`  parameter counts equal: ${params.map((p) => `${p.model} ${p.pytorch}`).join(', ')}`);
    const nativeInfo = await engines[2]!.request<{ version: string }>({ info: true });
    const wasmInfo = await engines[4]!.request<{ version: string }>({ info: true });
    const gemm = [];
    for (const e of engines.slice(0, 2)) gemm.push({ threads: e.threads, ...(await e.request<{ gemmGflops: number }>({ gemm: 1024 })) });

    const samples = new Map<string, Sample[]>(); // `${engine}|${workload}` → one sample per round
    for (let r = 0; r < rounds; r++) {
      const order = workloads.map((_, i) => workloads[(i + r) % workloads.length]!);
      for (const w of order) {
        const live = engines.filter((e) => runs(plans[e.name], w, r));
        const turn = live.map((_, i) => live[(i + r) % live.length]!);
        for (const e of turn) {
          const reps = repsOf(e.name, w);
          const s = await e.request<Sample>({ workload: w, reps, warmup: reps > 1, batch: BATCH });
          const key = `${e.name}|${w}`;
          samples.set(key, [...(samples.get(key) ?? []), s]);
        }
      }
      log(`  round ${r + 1}/${rounds} done (${Math.round((Date.now() - started) / 1000)} s, load ${os.loadavg()[0]!.toFixed(1)})`);
    }

    const stat = (engine: string, w: string) => {
      const ss = samples.get(`${engine}|${w}`);
      if (!ss) return null;
      // A round's sample is the median of its timed steps; the row's value the median over rounds.
      const wall = median(ss.map((s) => median(s.wall)));
      const cpu = median(ss.map((s) => median(s.cpu)));
      const threads = Number(engine.match(/(\d)t$/)![1]);
      const gflops = (2 * macs[w]!) / (wall / 1000) / 1e9;
      return {
        engine,
        samples: ss.length,
        wallMs: round(wall),
        cpuMs: round(cpu),
        imagesPerSec: round((BATCH * 1000) / wall),
        gflops: round(gflops),
        peakShare: round(gflops / (PEAK_PER_CORE * threads), 3),
        firstLoss: ss[0]!.loss,
      };
    };
    const rows = workloads.map((w) => {
      const byEngine = engines.map((e) => stat(e.name, w)).filter((s) => s !== null);
      const get = (n: string) => byEngine.find((s) => s.engine === n);
      const ratio = (t: number) => {
        const n = get(`native-${t}t`)!;
        const p = get(`pytorch-${t}t`)!;
        return { threads: t, throughput: round(p.wallMs / n.wallMs, 2), cpuTime: round(p.cpuMs / n.cpuMs, 2), meets: p.wallMs / n.wallMs >= 0.8 };
      };
      const row = {
        workload: w,
        label: workloadSpec(w).label,
        macsPerStep: macs[w]!,
        engines: byEngine,
        nativeVsPytorch: [ratio(1), ratio(2)],
        portable: portableRatios(get),
      };
      log(`  ${w}: ${byEngine.map((s) => `${s.engine} ${s.wallMs} ms (${s.imagesPerSec} img/s, ${s.gflops} GFLOP/s)`).join('; ')}`);
      return row;
    });
    const overheads =
      workloads.includes('pair-teacher') && workloads.includes('pair-ce')
        ? engines
            .filter((e) => METHODS.every((m) => !workloads.includes(m) || samples.has(`${e.name}|${m}`)) && samples.has(`${e.name}|pair-teacher`))
            .map((e) => ({
              engine: e.name,
              methods: METHODS.filter((m) => workloads.includes(m)).map((m) => {
                const per = samples.get(`${e.name}|${m}`)!.map((s, i) => {
                  // rounds where this engine ran the method, the teacher and CE alike (one per round)
                  const t = samples.get(`${e.name}|pair-teacher`)![i]!.wall[0]!;
                  const ce = samples.get(`${e.name}|pair-ce`)![i]!.wall[0]!;
                  return (s.wall[0]! - t - ce) / ce;
                });
                return { method: m.replace(/^pair-/, ''), overhead: round(median(per), 3), range: [round(Math.min(...per), 3), round(Math.max(...per), 3)] };
              }),
            }))
        : [];
    return {
      date: new Date().toISOString(),
      quick: Boolean(options.quick),
      seconds: Math.round((Date.now() - started) / 1000),
      machine: {
        cpu: os.cpus()[0]?.model ?? 'unknown',
        cores: os.cpus().length,
        node: process.versions.node,
        tfjs: tf.version.tfjs,
        loadAvgEnd: os.loadavg().map((l) => round(l, 2)),
      },
      versions: { pytorch: torchInfo.torch, native: nativeInfo.version, portable: wasmInfo.version },
      batch: BATCH,
      rounds,
      stepsPerRequest: { workloads: [...SMALL], warmup: 1, timed: 5, except: ['stock-1t'] },
      plans: Object.fromEntries(
        Object.entries(plans).map(([name, p]) => [
          name,
          { workloads: p.workloads ? [...p.workloads] : 'all', rounds: p.rounds ?? rounds, slow: p.slow ? [...p.slow] : [], slowRounds: p.slowRounds ?? null },
        ]),
      ),
      peak: {
        perCoreGflops: PEAK_PER_CORE,
        how: 'nominal FP32 FMA peak: 2 FMA pipes × 8 lanes (AVX2) × 2 FLOP × ~3.6 GHz boost ≈ 115 GFLOP/s per core; gemmGflops is PyTorch’s attained 1024³ sgemm on this (shared) machine',
        gemm,
      },
      params,
      rows,
      overheads,
      notes: [
        'Each sample is one training step (forward, loss, backward, SGD update) after one warm-up step; wall and CPU ms are medians over rounds.',
        'nativeVsPytorch.throughput = PyTorch step time / native step time at the same thread count: ≥ 0.8 is the target.',
        'portable: the WebAssembly kernels on both cores against PyTorch on one thread (target ≥ 0.33: at most 3× slower) and against the JS kernels and the stock kernels of the same run (target ≥ 5× the JS step).',
        'GFLOP/s = 2 × multiply-adds of the step (counted at the product kernels, element-wise work excluded) / step time; peakShare divides by perCoreGflops × threads.',
        'overhead = (method step − teacher forward − CE step) / CE step, per round, median: target ≤ 0.15.',
        "On a shared machine the 2-thread rows are the least reliable: when another process holds one core, a thread pool that splits every op in two waits on the descheduled half (PyTorch's OpenMP regions most visibly); compare at 1 thread first. CPU time is shown next to wall time.",
        'A negative overhead means the teacher forward and CE step, timed alone in the same round, came out slower than the whole distillation step: contention, not a real saving.',
      ],
    };
  } finally {
    for (const e of engines) e.close();
  }
}
