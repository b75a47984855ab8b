// Benchmark of the fast kernels for tfjs' pure-JS cpu backend against the stock ones, in one
// process (restore → run stock → register → run fast), interleaved, reporting medians: the
// machines here are shared, so only side-by-side numbers mean anything.
//   1. per kernel, resnet8's conv layers and its batch-norm arithmetic at batch 8
//   2. a full training step (forward, backward, SGD update) of resnet8 at batch 8 and 64
//      (at 64 the stock step takes minutes: measured `stockReps64` times, default once)
//   3. a training step of the app's small MNIST CNN at batch 32 (what tests and the demo train),
//      and of the model zoo's resnet8 at batch 8
// Differences: per kernel the max |fast − stock| of the outputs; per model the max over the loss
// and every gradient of the first step, from identical weights.
// Run: `node bench/run.mjs cpu-kernels [--quick]` (bundles this file, writes bench/results/cpu-kernels.json).
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { registerFastCpuKernels, restoreStockCpuKernels } from '../src-main/training/core/cpu-kernels';
import { buildMnistCnn, buildResnet8, buildZooResnet8, makeTrainer } from './cpu-kernels.models';
import { timeOnce } from './timing';

export interface KernelResult {
  kernel: string;
  shape: string;
  stockMs: number;
  fastMs: number;
  ratio: number;
  /** Max |fast − stock| over the output, and that over max |stock| (the output's scale). */
  maxAbsDiff: number;
  maxRelDiff: number;
}
export interface StepResult {
  model: string;
  batch: number;
  stockMs: number[];
  fastMs: number[];
  stockMedianMs: number;
  fastMedianMs: number;
  ratio: number;
  /** Medians of process CPU time (user + system) per step, and their ratio. */
  stockCpuMedianMs: number;
  fastCpuMedianMs: number;
  cpuRatio: number;
  /** Max |fast − stock| over the first step's loss and all gradients, and that over max |stock|. */
  maxAbsDiff: number;
  maxRelDiff: number;
}
export interface Result {
  date: string;
  machine: { cpu: string; cores: number; node: string; tfjs: string; platform: string; loadAvgStart: number[]; loadAvgEnd: number[] };
  kernels: KernelResult[];
  steps: StepResult[];
  notes: string[];
}
export interface BenchOptions {
  /** Skip the batch-64 resnet8 step (minutes with the stock kernels). */
  quick?: boolean;
  kernelReps?: number;
  stepReps?: number;
  stockReps64?: number;
  log?: (line: string) => void;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (x: number, d = 2): number => Number(x.toFixed(d));

function timeMs(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): { diff: number; scale: number } {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return { diff, scale };
}

/** One kernel, run through the engine so exactly that kernel executes; stock and fast interleaved. */
function benchKernel(kernel: string, shape: string, inputs: tf.NamedTensorMap, attrs: object, reps: number): KernelResult {
  const run = () => tf.engine().runKernel(kernel, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
  const values = (): Float32Array => {
    const t = run();
    const v = Float32Array.from(t.dataSync());
    t.dispose();
    return v;
  };
  restoreStockCpuKernels();
  const stockValues = values(); // also warms up the stock code
  const firstStockMs = timeMs(() => run().dispose());
  registerFastCpuKernels();
  const fastValues = values();
  for (let w = 0; w < 5; w++) run().dispose(); // let V8 optimise the fast loops, as a training run does
  // Kernels of a few ms are timed over several calls per sample, so timer and GC noise average out.
  const calls = firstStockMs < 50 ? 8 : 1;
  const sample = () => timeMs(() => { for (let k = 0; k < calls; k++) run().dispose(); }) / calls;
  const stock: number[] = [];
  const fast: number[] = [];
  for (let r = 0; r < reps; r++) {
    restoreStockCpuKernels();
    stock.push(sample());
    registerFastCpuKernels();
    fast.push(sample());
  }
  const stockMs = median(stock);
  const fastMs = median(fast);
  const { diff, scale } = maxAbs(fastValues, stockValues);
  return {
    kernel, shape, stockMs: round(stockMs), fastMs: round(fastMs), ratio: round(stockMs / fastMs, 1),
    maxAbsDiff: diff, maxRelDiff: scale > 0 ? diff / scale : diff,
  };
}

/** resnet8's convolutions (batch 8) in all three directions, then batch-norm arithmetic, pooling, padding. */
function benchKernels(reps: number, log: (l: string) => void): KernelResult[] {
  const layers: Array<[string, number[], number[], number]> = [
    ['stem 3→16', [8, 32, 32, 3], [3, 3, 3, 16], 1],
    ['stage1 16→16', [8, 32, 32, 16], [3, 3, 16, 16], 1],
    ['stage2 16→32 s2', [8, 32, 32, 16], [3, 3, 16, 32], 2],
    ['stage2 32→32', [8, 16, 16, 32], [3, 3, 32, 32], 1],
    ['stage2 proj 1×1 s2', [8, 32, 32, 16], [1, 1, 16, 32], 2],
    ['stage3 32→64 s2', [8, 16, 16, 32], [3, 3, 32, 64], 2],
    ['stage3 64→64', [8, 8, 8, 64], [3, 3, 64, 64], 1],
    ['stage3 proj 1×1 s2', [8, 16, 16, 32], [1, 1, 32, 64], 2],
  ];
  const rows: KernelResult[] = [];
  for (const [name, xs, fs, s] of layers) {
    const x = tf.randomUniform(xs, -1, 1, 'float32', 1);
    const filter = tf.randomUniform(fs, -1, 1, 'float32', 2);
    const dy = tf.tidy(() => tf.randomUniform(tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, s, 'same').shape, -1, 1, 'float32', 3));
    const conv = { strides: [s, s], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] };
    const shape = `${name}: x[${xs}] filter[${fs}]`;
    rows.push(benchKernel('FusedConv2D', shape, { x, filter }, { ...conv, activation: 'linear' }, reps));
    rows.push(benchKernel('Conv2DBackpropInput', shape, { dy, filter }, { ...conv, inputShape: xs }, reps));
    rows.push(benchKernel('Conv2DBackpropFilter', shape, { x, dy }, { ...conv, filterShape: fs }, reps));
    rows.slice(-3).forEach((r) => log(`  ${r.kernel.padEnd(21)} ${shape.padEnd(50)} stock ${r.stockMs} ms  fast ${r.fastMs} ms  ×${r.ratio}`));
    tf.dispose([x, filter, dy]);
  }
  const x = tf.randomUniform([8, 32, 32, 16], -1, 1, 'float32', 4);
  const c = tf.randomUniform([16], 0.5, 1.5, 'float32', 5);
  const c4 = c.reshape([1, 1, 1, 16]);
  const pooled = tf.randomUniform([32, 28, 28, 16], -1, 1, 'float32', 6);
  const dyPool = tf.randomUniform([32, 14, 14, 16], -1, 1, 'float32', 7);
  const pooledOut = tf.maxPool(pooled as tf.Tensor4D, 2, 2, 'valid');
  const padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
  const pool = { filterSize: [2, 2], strides: [2, 2], pad: 'valid' };
  const more: Array<[string, string, tf.NamedTensorMap, object]> = [
    ['Multiply', 'x[8,32,32,16] · c[16]', { a: x, b: c }, {}],
    ['Sub', 'x[8,32,32,16] − c[1,1,1,16]', { a: x, b: c4 }, {}],
    ['Sum', 'x[8,32,32,16] over [0,1,2]', { x }, { axis: [0, 1, 2], keepDims: false }],
    ['Mean', 'x[8,32,32,16] over [0,1,2]', { x }, { axis: [0, 1, 2], keepDims: false }],
    ['Tile', 'c[1,1,1,16] → [8,32,32,16]', { x: c4 }, { reps: [8, 32, 32, 1] }],
    ['MaxPool', 'MNIST CNN pool1 x[32,28,28,16] 2×2', { x: pooled }, pool],
    ['MaxPoolGrad', 'MNIST CNN pool1 x[32,28,28,16] 2×2', { dy: dyPool, input: pooled, output: pooledOut }, pool],
    ['PadV2', 'zoo pad before stride 2: x[8,32,32,16] +1 h,w', { x }, { paddings: [[0, 0], [1, 1], [1, 1], [0, 0]], constantValue: 0 }],
    ['Slice', 'its gradient: [8,34,34,16] → [8,32,32,16]', { x: padded }, { begin: [0, 1, 1, 0], size: [8, 32, 32, 16] }],
    ['Relu', 'x[8,32,32,16]', { x }, {}],
  ];
  for (const [kernel, shape, inputs, attrs] of more) {
    const r = benchKernel(kernel, shape, inputs, attrs, reps);
    log(`  ${r.kernel.padEnd(21)} ${shape.padEnd(50)} stock ${r.stockMs} ms  fast ${r.fastMs} ms  ×${r.ratio}`);
    rows.push(r);
  }
  tf.dispose([x, c, c4, pooled, dyPool, pooledOut, padded]);
  return rows;
}

/**
 * Training steps of one model, stock `stockReps` times and fast `fastReps` times, interleaved
 * (fast steps before, between and after the stock ones) so a change in machine load hits both.
 * The first stock and first fast step start from the same weights; their loss and gradients are compared.
 */
function benchStep(model: string, build: () => tf.LayersModel, inputShape: number[], batch: number, stockReps: number, fastReps: number, log: (l: string) => void): StepResult {
  const net = build();
  const trainer = makeTrainer(net, inputShape, batch, 1);
  const useFast = (fast: boolean) => (fast ? registerFastCpuKernels() : restoreStockCpuKernels());
  const firstStep = (fast: boolean): { t: { wall: number; cpu: number }; values: Float32Array[] } => {
    useFast(fast);
    trainer.reset();
    trainer.keepGrads = true;
    let out = { loss: 0, grads: null as Float32Array[] | null };
    const t = timeOnce(() => { out = trainer.step(); });
    trainer.keepGrads = false;
    return { t, values: [Float32Array.of(out.loss), ...out.grads!] };
  };
  const step = () => timeOnce(() => trainer.step());
  const fastPerGap = Math.max(1, Math.round((fastReps - 1) / (stockReps + 1)));
  const fast: Array<{ wall: number; cpu: number }> = [];
  const stock: Array<{ wall: number; cpu: number }> = [];
  useFast(true);
  trainer.step(); // warm up the fast path (the stock path warms in its first, slow, step)
  for (let k = 0; k < fastPerGap; k++) fast.push(step());
  const fast0 = firstStep(true);
  const stock0 = firstStep(false);
  fast.push(fast0.t);
  stock.push(stock0.t);
  for (let r = 0; r < stockReps; r++) {
    if (r > 0) {
      useFast(false);
      stock.push(step());
    }
    useFast(true);
    for (let k = 0; k < fastPerGap; k++) fast.push(step());
  }
  let diff = 0;
  let scale = 0;
  stock0.values.forEach((s, i) => {
    const d = maxAbs(fast0.values[i]!, s);
    diff = Math.max(diff, d.diff);
    scale = Math.max(scale, d.scale);
  });
  trainer.dispose();
  net.dispose();
  const wall = (ts: Array<{ wall: number }>) => ts.map((t) => t.wall);
  const cpu = (ts: Array<{ cpu: number }>) => ts.map((t) => t.cpu);
  const r: StepResult = {
    model, batch, stockMs: wall(stock).map((m) => round(m, 0)), fastMs: wall(fast).map((m) => round(m, 0)),
    stockMedianMs: round(median(wall(stock)), 0), fastMedianMs: round(median(wall(fast)), 0),
    ratio: round(median(wall(stock)) / median(wall(fast)), 1),
    stockCpuMedianMs: round(median(cpu(stock)), 0), fastCpuMedianMs: round(median(cpu(fast)), 0),
    cpuRatio: round(median(cpu(stock)) / median(cpu(fast)), 1),
    maxAbsDiff: diff, maxRelDiff: scale > 0 ? diff / scale : diff,
  };
  log(`  ${model} batch ${batch}: stock ${r.stockMedianMs} ms (${stock.length}×)  fast ${r.fastMedianMs} ms (${fast.length}×)  ×${r.ratio} wall, ×${r.cpuRatio} cpu  max |diff| ${diff.toExponential(2)}`);
  return r;
}

export async function runCpuKernelBench(options: BenchOptions = {}): Promise<Result> {
  const log = options.log ?? ((l: string) => console.log(l));
  const kernelReps = options.kernelReps ?? 3;
  const stepReps = options.stepReps ?? 3;
  await tf.setBackend('cpu');
  await tf.ready();
  const loadAvgStart = os.loadavg().map((l) => round(l));
  log('per kernel (resnet8 layers, batch 8; medians of interleaved runs):');
  const kernels = benchKernels(kernelReps, log);
  log('training steps:');
  const steps = [
    benchStep('mnist-cnn', () => buildMnistCnn(1), [28, 28, 1], 32, stepReps, 2 * stepReps + 1, log),
    benchStep('resnet8', () => buildResnet8(1), [32, 32, 3], 8, stepReps, 2 * stepReps + 1, log),
    benchStep('zoo-resnet8', () => buildZooResnet8(1), [32, 32, 3], 8, stepReps, 2 * stepReps + 1, log),
  ];
  if (!options.quick) steps.push(benchStep('resnet8', () => buildResnet8(1), [32, 32, 3], 64, options.stockReps64 ?? 1, stepReps + 2, log));
  restoreStockCpuKernels();
  return {
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, tfjs: tf.version.tfjs,
      platform: `${process.platform}-${process.arch}`, loadAvgStart, loadAvgEnd: os.loadavg().map((l) => round(l)),
    },
    kernels,
    steps,
    notes: [
      'Stock and fast run in one process, interleaved; times are medians. The load average shows how busy the shared machine was.',
      'A step is forward + backward + SGD-momentum update of fixed seeded data; its first stock and first fast step start from the same weights and are compared.',
    ],
  };
}
