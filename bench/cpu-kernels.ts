// Benchmark of the cpu backend's products three ways in one process — tfjs' stock kernels, the
// fast kernels on the JS gemm, and the fast kernels on the WebAssembly SIMD gemm (kernel-modes.ts)
// — interleaved, reporting medians: the machines here are shared, so only side-by-side numbers
// mean anything.
//   1. per kernel: resnet8's conv layers (batch 8) in all three directions, NST's Gram products,
//      and batch-norm / pooling / padding arithmetic; GFLOP/s and % of one core's peak
//   2. a full training step (forward, backward, SGD update): the MNIST CNN and resnet8 at batch 64
//      (JS vs WebAssembly; stock too unless quick: it takes minutes), the zoo's resnet8 at batch 8
// Differences: per kernel the max |mode − reference| of the outputs (reference: stock, or JS);
// per model the max over the loss and every gradient of the first step, from identical weights.
// Run: `node bench/run.mjs cpu-kernels [--quick]` (bundles this file, writes bench/results/cpu-kernels[-quick].json).
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { benchStep, type StepResult } from './cpu-kernels.step';
import { buildMnistCnn, buildResnet8, buildZooResnet8 } from './cpu-kernels.models';
import { availableModes, gflops, type KernelMode, PEAK_GFLOPS_PER_CORE, peakPct, useMode, wasmEngineName } from './kernel-modes';

export interface KernelResult {
  kernel: string;
  shape: string;
  /** Multiply-adds of one call (0 for element-wise kernels). */
  macs: number;
  stockMs: number;
  /** Fast kernels, JS gemm. */
  fastMs: number;
  /** Fast kernels, WebAssembly gemm (null without WebAssembly SIMD or for kernels without products). */
  wasmMs: number | null;
  /** stock / JS, and JS / WebAssembly. */
  ratio: number;
  wasmVsJs: number | null;
  jsGflops: number | null;
  wasmGflops: number | null;
  wasmPeakPct: number | null;
  /** The WebAssembly gemm on two threads, and its speed-up over one thread. */
  wasm2Ms: number | null;
  wasm2Gflops: number | null;
  wasm2VsWasm: number | null;
  /** Max |JS − stock| and |wasm − stock| over the output, and those over max |stock|. */
  maxAbsDiff: number;
  maxRelDiff: number;
  wasmMaxRelDiff: number | null;
}
export type { StepResult };
export interface Result {
  date: string;
  machine: {
    cpu: string;
    cores: number;
    node: string;
    tfjs: string;
    platform: string;
    loadAvgStart: number[];
    loadAvgEnd: number[];
    wasmEngine: string;
    peakGflopsPerCore: number;
  };
  kernels: KernelResult[];
  steps: StepResult[];
  notes: string[];
}
export interface BenchOptions {
  /** Skip the stock kernels on the batch-64 steps (minutes each). */
  quick?: boolean;
  kernelReps?: number;
  stepReps?: number;
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

/** One kernel through the engine so exactly that kernel executes; the modes interleaved. */
function benchKernel(kernel: string, shape: string, inputs: tf.NamedTensorMap, attrs: object, reps: number, macs: number): KernelResult {
  const modes = availableModes(macs > 0 ? ['stock', 'js', 'wasm', 'wasm2'] : ['stock', 'js']);
  const run = () => tf.engine().runKernel(kernel, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
  const values = new Map<KernelMode, Float32Array>();
  let firstStockMs = 0;
  for (const m of modes) {
    useMode(m);
    const t = run();
    values.set(m, Float32Array.from(t.dataSync()));
    t.dispose();
    if (m === 'stock') firstStockMs = timeMs(() => run().dispose());
    else for (let w = 0; w < 5; w++) run().dispose(); // let V8 optimise the fast loops, as a training run does
  }
  // Kernels of a few ms are timed over several calls per sample, so timer and GC noise average out.
  const calls = firstStockMs < 50 ? 8 : 1;
  const sample = () =>
    timeMs(() => {
      for (let k = 0; k < calls; k++) run().dispose();
    }) / calls;
  const times = new Map<KernelMode, number[]>(modes.map((m) => [m, []]));
  for (let r = 0; r < reps; r++) {
    for (const m of modes) {
      useMode(m);
      times.get(m)!.push(sample());
    }
  }
  const ms = (m: KernelMode) => (times.has(m) ? median(times.get(m)!) : null);
  const stock = values.get('stock')!;
  const js = maxAbs(values.get('js')!, stock);
  const w = values.has('wasm') ? maxAbs(values.get('wasm')!, stock) : null;
  const [stockMs, jsMs, wasmMs, wasm2Ms] = [ms('stock')!, ms('js')!, ms('wasm'), ms('wasm2')];
  const wasmRate = wasmMs === null || macs === 0 ? null : gflops(macs, wasmMs);
  return {
    kernel,
    shape,
    macs,
    stockMs: round(stockMs),
    fastMs: round(jsMs),
    wasmMs: wasmMs === null ? null : round(wasmMs),
    ratio: round(stockMs / jsMs, 1),
    wasmVsJs: wasmMs === null ? null : round(jsMs / wasmMs, 1),
    jsGflops: macs ? gflops(macs, jsMs) : null,
    wasmGflops: wasmRate,
    wasmPeakPct: wasmRate === null ? null : peakPct(wasmRate),
    wasm2Ms: wasm2Ms === null ? null : round(wasm2Ms),
    wasm2Gflops: wasm2Ms === null ? null : gflops(macs, wasm2Ms),
    wasm2VsWasm: wasm2Ms === null || wasmMs === null ? null : round(wasmMs / wasm2Ms, 2),
    maxAbsDiff: js.diff,
    maxRelDiff: js.scale > 0 ? js.diff / js.scale : js.diff,
    wasmMaxRelDiff: w ? (w.scale > 0 ? w.diff / w.scale : w.diff) : null,
  };
}

function logKernel(r: KernelResult, log: (l: string) => void): void {
  const wasm2 = r.wasm2Ms === null ? '' : `  2 threads ${r.wasm2Ms} ms (${r.wasm2Gflops} GFLOP/s, ×${r.wasm2VsWasm})`;
  const wasm = r.wasmMs === null ? '' : `  wasm ${r.wasmMs} ms (${r.wasmGflops} GFLOP/s, ${r.wasmPeakPct} % peak, ×${r.wasmVsJs} vs js)${wasm2}`;
  const js = r.jsGflops === null ? '' : ` (${r.jsGflops} GFLOP/s)`;
  log(`  ${r.kernel.padEnd(21)} ${r.shape.padEnd(50)} stock ${r.stockMs} ms  js ${r.fastMs} ms${js} ×${r.ratio}${wasm}`);
}

/** resnet8's convolutions (batch 8) in all three directions, NST's products, then element-wise kernels. */
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
    const macs = dy.shape.slice(0, 3).reduce((p, n) => p * n, 1) * fs.reduce((p, n) => p * n, 1);
    rows.push(benchKernel('FusedConv2D', shape, { x, filter }, { ...conv, activation: 'linear' }, reps, macs));
    rows.push(benchKernel('Conv2DBackpropInput', shape, { dy, filter }, { ...conv, inputShape: xs }, reps, macs));
    rows.push(benchKernel('Conv2DBackpropFilter', shape, { x, dy }, { ...conv, filterShape: fs }, reps, macs));
    rows.slice(-3).forEach((r) => logKernel(r, log));
    tf.dispose([x, filter, dy]);
  }
  // NST's kernel matrices over [B, HW, C] samples (resnet8x4 stage 3: 8×8 pixels, 256 channels).
  const fs = tf.randomUniform([64, 64, 256], -1, 1, 'float32', 8);
  const ft = tf.randomUniform([64, 64, 256], -1, 1, 'float32', 9);
  for (const [shape, inputs] of [
    ['NST XᵀY: [64,64,256]ᵀ·[64,64,256]', { a: fs, b: ft }],
    ['NST XᵀX (Gram): [64,64,256]ᵀ·itself', { a: fs, b: fs }],
  ] as const) {
    const r = benchKernel('BatchMatMul', shape, inputs, { transposeA: true, transposeB: false }, reps, 64 * 256 * 256 * 64);
    logKernel(r, log);
    rows.push(r);
  }
  tf.dispose([fs, ft]);
  const x = tf.randomUniform([8, 32, 32, 16], -1, 1, 'float32', 4);
  const c = tf.randomUniform([16], 0.5, 1.5, 'float32', 5);
  const c4 = c.reshape([1, 1, 1, 16]);
  const pooled = tf.randomUniform([32, 28, 28, 16], -1, 1, 'float32', 6);
  const dyPool = tf.randomUniform([32, 14, 14, 16], -1, 1, 'float32', 7);
  const pooledOut = tf.maxPool(pooled as tf.Tensor4D, 2, 2, 'valid');
  const padded = tf.pad(x, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  const pool = { filterSize: [2, 2], strides: [2, 2], pad: 'valid' };
  const more: Array<[string, string, tf.NamedTensorMap, object]> = [
    ['Multiply', 'x[8,32,32,16] · c[16]', { a: x, b: c }, {}],
    ['Sub', 'x[8,32,32,16] − c[1,1,1,16]', { a: x, b: c4 }, {}],
    ['Sum', 'x[8,32,32,16] over [0,1,2]', { x }, { axis: [0, 1, 2], keepDims: false }],
    ['Mean', 'x[8,32,32,16] over [0,1,2]', { x }, { axis: [0, 1, 2], keepDims: false }],
    ['Tile', 'c[1,1,1,16] → [8,32,32,16]', { x: c4 }, { reps: [8, 32, 32, 1] }],
    ['MaxPool', 'MNIST CNN pool1 x[32,28,28,16] 2×2', { x: pooled }, pool],
    ['MaxPoolGrad', 'MNIST CNN pool1 x[32,28,28,16] 2×2', { dy: dyPool, input: pooled, output: pooledOut }, pool],
    [
      'PadV2',
      'zoo pad before stride 2: x[8,32,32,16] +1 h,w',
      { x },
      {
        paddings: [
          [0, 0],
          [1, 1],
          [1, 1],
          [0, 0],
        ],
        constantValue: 0,
      },
    ],
    ['Slice', 'its gradient: [8,34,34,16] → [8,32,32,16]', { x: padded }, { begin: [0, 1, 1, 0], size: [8, 32, 32, 16] }],
    ['Relu', 'x[8,32,32,16]', { x }, {}],
  ];
  for (const [kernel, shape, inputs, attrs] of more) {
    const r = benchKernel(kernel, shape, inputs, attrs, reps, 0);
    logKernel(r, log);
    rows.push(r);
  }
  tf.dispose([x, c, c4, pooled, dyPool, pooledOut, padded]);
  return rows;
}

export async function runCpuKernelBench(options: BenchOptions = {}): Promise<Result> {
  const log = options.log ?? ((l: string) => console.log(l));
  const kernelReps = options.kernelReps ?? 3;
  const stepReps = options.stepReps ?? 3;
  await tf.setBackend('cpu');
  await tf.ready();
  const loadAvgStart = os.loadavg().map((l) => round(l));
  log(`WebAssembly gemm: ${wasmEngineName}`);
  log('per kernel (resnet8 layers, batch 8; medians of interleaved runs):');
  const kernels = benchKernels(kernelReps, log);
  log('training steps:');
  const big = availableModes(options.quick ? ['js', 'wasm', 'wasm2'] : ['stock', 'js', 'wasm', 'wasm2']);
  const all = availableModes(['stock', 'js', 'wasm', 'wasm2']);
  const steps = [
    benchStep({ model: 'mnist-cnn', build: () => buildMnistCnn(1), inputShape: [28, 28, 1], batch: 64, modes: big, reps: stepReps }, log),
    benchStep(
      { model: 'resnet8', build: () => buildResnet8(1), inputShape: [32, 32, 3], batch: 64, modes: big, reps: options.quick ? 2 : stepReps, stockReps: 1 },
      log,
    ),
    benchStep({ model: 'zoo-resnet8', build: () => buildZooResnet8(1), inputShape: [32, 32, 3], batch: 8, modes: all, reps: stepReps }, log),
  ];
  useMode('stock');
  return {
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      node: process.version,
      tfjs: tf.version.tfjs,
      platform: `${process.platform}-${process.arch}`,
      loadAvgStart,
      loadAvgEnd: os.loadavg().map((l) => round(l)),
      wasmEngine: wasmEngineName,
      peakGflopsPerCore: PEAK_GFLOPS_PER_CORE,
    },
    kernels,
    steps,
    notes: [
      'Stock, JS-gemm and WebAssembly-gemm kernels run in one process, interleaved; times are medians. The load average shows how busy the shared machine was.',
      'A step is forward + backward + SGD-momentum update of fixed seeded data; the first step of every mode starts from the same weights and is compared.',
      `GFLOP/s = 2 × multiply-adds of the products / time; one thread except the wasm2 columns (the WebAssembly gemm on 2 threads); peak ${PEAK_GFLOPS_PER_CORE} GFLOP/s per core. A step's rate counts only its products but divides by the whole step time.`,
    ],
  };
}
