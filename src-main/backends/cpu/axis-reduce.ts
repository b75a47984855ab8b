// Sum and Mean of float32 tensors over one contiguous block of axes, without the transpose the
// stock kernels make first (they move the reduced axes innermost, a full index-arithmetic copy).
// Batch norm and its gradient reduce x [b, h, w, c] over axes [0, 1, 2] → [c]; global average
// pooling reduces [b, h, w, c] over [1, 2] → [b, c]. Viewing x as [P, R, Q] (kept outer,
// reduced, kept inner): out[p, q] = Σ_r x[p, r, q]. Sums run in double in the same r order as
// the stock kernel (which sums each transposed row in double), so results are bit-identical;
// Mean divides each element by R and rounds it to float32 first, as the stock Mean does.
// Reducing the innermost axes (Q = 1: AT's channel mean, NST's channel mean) has its own loop.
// A Sum over all axes but the last (a bias gradient) runs on the gemm engine's float64 vector
// pass when there is one (engine-elementwise.ts), same sums in the same order.
import type { KernelFunc, SumAttrs } from '@tensorflow/tfjs';
import { floatValues, makeOutput } from './cpu-backend';
import { channelSumsOnEngine } from './engine-elementwise';

interface Plan {
  P: number;
  R: number;
  Q: number;
  outShape: number[];
}

/** [P, R, Q] view when `axis` is one ascending run of axes; null otherwise (stock kernel). */
export function planReduce(shape: readonly number[], axis: number | number[] | undefined | null, keepDims: boolean): Plan | null {
  const rank = shape.length;
  const raw = axis === undefined || axis === null ? shape.map((_, i) => i) : typeof axis === 'number' ? [axis] : axis;
  if (raw.length === 0) return null;
  const axes = raw.map((a) => (a < 0 ? a + rank : a));
  for (let i = 0; i < axes.length; i++) {
    if (!Number.isInteger(axes[i]) || axes[i]! < 0 || axes[i]! >= rank) return null;
    if (i > 0 && axes[i] !== axes[i - 1]! + 1) return null;
  }
  const first = axes[0]!;
  const last = axes[axes.length - 1]!;
  const prod = (from: number, to: number) => shape.slice(from, to).reduce((p, n) => p * n, 1);
  const outShape = keepDims ? shape.map((n, i) => (i >= first && i <= last ? 1 : n)) : shape.filter((_, i) => i < first || i > last);
  return { P: prod(0, first), R: prod(first, last + 1), Q: prod(last + 1, rank), outShape };
}

/** out[p, q] = Σ_r x[p, r, q] (or of fround(x / R) for the mean). */
export function reduceMiddle(x: Float32Array, plan: Plan, mean: boolean): Float32Array {
  const { P, R, Q } = plan;
  if (Q === 1) return reduceRows(x, P, R, mean);
  const out = new Float32Array(P * Q);
  const acc = new Float64Array(Q);
  const inv = exactReciprocal(R);
  for (let p = 0; p < P; p++) {
    acc.fill(0);
    let base = p * R * Q;
    if (mean && inv !== 0) {
      for (let r = 0; r < R; r++, base += Q) {
        for (let q = 0; q < Q; q++) acc[q]! += Math.fround(x[base + q]! * inv);
      }
    } else if (mean) {
      for (let r = 0; r < R; r++, base += Q) {
        for (let q = 0; q < Q; q++) acc[q]! += Math.fround(x[base + q]! / R);
      }
    } else {
      for (let r = 0; r < R; r++, base += Q) {
        for (let q = 0; q < Q; q++) acc[q]! += x[base + q]!;
      }
    }
    for (let q = 0; q < Q; q++) out[p * Q + q] = acc[q]!;
  }
  return out;
}

/**
 * 1/R when R is a power of two, else 0. Then x·(1/R) = x/R exactly in double (a float32 value
 * scaled by 2^−k stays a normal double), and a multiplication costs a fraction of a division:
 * channel means over 16, 32, 64 … channels (AT's attention maps) take half the time.
 */
export function exactReciprocal(R: number): number {
  return R > 0 && (R & (R - 1)) === 0 && R <= 2 ** 30 ? 1 / R : 0;
}

/**
 * Q = 1, the innermost axes reduced (the channel mean of an attention map, a row sum): one
 * running double per output instead of a 1-wide accumulator row. Same sums in the same order.
 */
function reduceRows(x: Float32Array, P: number, R: number, mean: boolean): Float32Array {
  const out = new Float32Array(P);
  const inv = exactReciprocal(R);
  for (let p = 0, base = 0; p < P; p++, base += R) {
    let acc = 0;
    if (mean) {
      if (inv !== 0) for (let r = 0; r < R; r++) acc += Math.fround(x[base + r]! * inv);
      else for (let r = 0; r < R; r++) acc += Math.fround(x[base + r]! / R);
    } else {
      for (let r = 0; r < R; r++) acc += x[base + r]!;
    }
    out[p] = acc;
  }
  return out;
}

function fastReduce(mean: boolean): (stock: KernelFunc) => KernelFunc {
  return (stock) => (args) => {
    const { x } = args.inputs;
    const attrs = args.attrs as unknown as SumAttrs;
    const xv = floatValues(args.backend, x);
    if (!x || !xv) return stock(args);
    const plan = planReduce(x.shape, attrs.axis, Boolean(attrs.keepDims));
    if (!plan || plan.R === 0 || plan.R === 1) return stock(args);
    const onEngine = !mean && plan.P === 1 ? channelSumsOnEngine(xv, plan.Q) : null;
    if (onEngine) return makeOutput(args.backend, plan.outShape, 'float32', onEngine);
    return makeOutput(args.backend, plan.outShape, 'float32', reduceMiddle(xv, plan, mean));
  };
}

export const fastSum = fastReduce(false);
export const fastMean = fastReduce(true);
