// One model's training step measured in several kernel modes (kernel-modes.ts), interleaved so a
// change in machine load hits every mode alike. The first step of each mode starts from the same
// weights; its loss and gradients are compared with the reference mode (stock, else JS). The
// step's multiply-adds are counted at the product kernels (step-macs.ts) to give GFLOP/s.
import type * as tf from '@tensorflow/tfjs';
import { makeTrainer } from './cpu-kernels.models';
import { gflops, type KernelMode, peakPct, useMode } from './kernel-modes';
import { countMacs } from './step-macs';
import { timeOnce, type Timing } from './timing';

export interface StepResult {
  model: string;
  batch: number;
  /** Wall-clock ms of every measured step, per mode. */
  ms: Partial<Record<KernelMode, number[]>>;
  stockMedianMs: number | null;
  /** Fast kernels on the JS gemm. */
  fastMedianMs: number | null;
  wasmMedianMs: number | null;
  /** stock / JS, JS / WebAssembly, stock / WebAssembly (medians of wall clock). */
  ratio: number | null;
  wasmVsJs: number | null;
  wasmVsStock: number | null;
  /** Medians of process CPU time (user + system) per step. */
  cpuMedianMs: Partial<Record<KernelMode, number>>;
  /** Multiply-adds of the step's products; their rate over the whole step. */
  macs: number;
  jsGflops: number | null;
  wasmGflops: number | null;
  wasmPeakPct: number | null;
  /** The WebAssembly gemm on two threads: median ms and its speed-up over one thread. */
  wasm2MedianMs: number | null;
  wasm2VsWasm: number | null;
  /** Max |mode − reference| over the first step's loss and all gradients, and over max |reference|. */
  maxAbsDiff: Partial<Record<KernelMode, number>>;
  maxRelDiff: Partial<Record<KernelMode, number>>;
}

export interface StepSpec {
  model: string;
  build: () => tf.LayersModel;
  inputShape: number[];
  batch: number;
  modes: KernelMode[];
  /** Measured steps per mode (after the first); `stockReps` caps the stock ones (slow). */
  reps: number;
  stockReps?: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (x: number, d = 2): number => Number(x.toFixed(d));

export function benchStep(spec: StepSpec, log: (l: string) => void): StepResult {
  const { modes, batch } = spec;
  const net = spec.build();
  const trainer = makeTrainer(net, spec.inputShape, batch, 1);
  const fastMode = modes.find((m) => m !== 'stock') ?? 'stock';
  useMode(fastMode);
  trainer.step(); // warm-up
  const macs = countMacs(() => trainer.step());
  const times = new Map<KernelMode, Timing[]>(modes.map((m) => [m, []]));
  const first = new Map<KernelMode, Float32Array[]>();
  for (const m of modes) {
    useMode(m);
    trainer.reset();
    trainer.keepGrads = true;
    let out = { loss: 0, grads: null as Float32Array[] | null };
    times.get(m)!.push(
      timeOnce(() => {
        out = trainer.step();
      }),
    );
    trainer.keepGrads = false;
    first.set(m, [Float32Array.of(out.loss), ...out.grads!]);
  }
  for (let r = 0; r < spec.reps; r++) {
    for (const m of modes) {
      if (m === 'stock' && r + 1 >= (spec.stockReps ?? spec.reps + 1)) continue;
      useMode(m);
      times.get(m)!.push(timeOnce(() => trainer.step()));
    }
  }
  trainer.dispose();
  net.dispose();
  const reference = first.get(modes[0]!)!;
  const maxAbsDiff: Partial<Record<KernelMode, number>> = {};
  const maxRelDiff: Partial<Record<KernelMode, number>> = {};
  for (const m of modes.slice(1)) {
    let diff = 0;
    let scale = 0;
    first.get(m)!.forEach((v, i) => {
      const ref = reference[i]!;
      for (let k = 0; k < v.length; k++) {
        diff = Math.max(diff, Math.abs(v[k]! - ref[k]!));
        scale = Math.max(scale, Math.abs(ref[k]!));
      }
    });
    maxAbsDiff[m] = diff;
    maxRelDiff[m] = scale > 0 ? diff / scale : diff;
  }
  const wall = (m: KernelMode) => (times.has(m) ? median(times.get(m)!.map((t) => t.wall)) : null);
  const [stock, js, wasm, wasm2] = [wall('stock'), wall('js'), wall('wasm'), wall('wasm2')];
  const ratioOf = (a: number | null, b: number | null) => (a !== null && b !== null ? round(a / b, 1) : null);
  const wasmRate = wasm === null ? null : gflops(macs, wasm);
  const r: StepResult = {
    model: spec.model,
    batch,
    ms: Object.fromEntries(modes.map((m) => [m, times.get(m)!.map((t) => round(t.wall, 0))])),
    stockMedianMs: stock === null ? null : round(stock, 0),
    fastMedianMs: js === null ? null : round(js, 0),
    wasmMedianMs: wasm === null ? null : round(wasm, 0),
    ratio: ratioOf(stock, js),
    wasmVsJs: ratioOf(js, wasm),
    wasmVsStock: ratioOf(stock, wasm),
    cpuMedianMs: Object.fromEntries(modes.map((m) => [m, round(median(times.get(m)!.map((t) => t.cpu)), 0)])),
    macs,
    jsGflops: js === null ? null : gflops(macs, js),
    wasmGflops: wasmRate,
    wasmPeakPct: wasmRate === null ? null : peakPct(wasmRate),
    wasm2MedianMs: wasm2 === null ? null : round(wasm2, 0),
    wasm2VsWasm: wasm === null || wasm2 === null ? null : round(wasm / wasm2, 2),
    maxAbsDiff,
    maxRelDiff,
  };
  const parts = modes.map((m) => `${m} ${wall(m)!.toFixed(0)} ms (${times.get(m)!.length}×)`);
  log(
    `  ${spec.model} batch ${batch}: ${parts.join('  ')}  wasm ×${r.wasmVsJs} vs js, ×${r.wasmVsStock ?? '–'} vs stock; ${r.wasmGflops} GFLOP/s of products (${(macs / 1e6).toFixed(0)} M MACs)  max rel diff ${JSON.stringify(maxRelDiff)}`,
  );
  return r;
}
