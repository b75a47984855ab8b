// The sumOfSquares op's kernel for float32 on the cpu backend (losses/sum-of-squares.ts): Σ x² or
// mean x² over one contiguous block of axes in a single pass, without writing the feature-sized
// square first. Viewed as [P, R, Q] (kept outer, reduced, kept inner) as in axis-reduce.ts. Each
// square is rounded to float32 before it is summed in double, in the same order as the fast Sum
// and Mean kernels sum a Square's output (a mean multiplies each rounded square by the exact 1/R
// of a power-of-two count first): bit-identical to tf.sum / tf.mean of tf.square.
import type { KernelFunc } from '@tensorflow/tfjs';
import { SUM_OF_SQUARES_KERNEL, type SumOfSquaresAttrs } from '../../training/core/losses/sum-of-squares';
import { exactReciprocal, planReduce } from './axis-reduce';
import { floatValues, makeOutput } from './cpu-backend';

export { SUM_OF_SQUARES_KERNEL };

/**
 * out[p, q] = Σ_r fround(x[p, r, q]²) · factor, each term rounded to float32: factor 1 for a sum
 * (a no-op on a float32 value), the exact 1/R for a mean over a power-of-two count (equal to
 * dividing by R). Means over other counts never reach the kernel (the op composes them).
 */
export function sumOfSquaresValues(x: Float32Array, P: number, R: number, Q: number, factor: number): Float32Array {
  const out = new Float32Array(P * Q);
  if (Q === 1) {
    for (let p = 0, base = 0; p < P; p++, base += R) {
      let acc = 0;
      for (let r = 0; r < R; r++) {
        const v = x[base + r]!;
        acc += Math.fround(Math.fround(v * v) * factor);
      }
      out[p] = acc;
    }
    return out;
  }
  const acc = new Float64Array(Q);
  for (let p = 0; p < P; p++) {
    acc.fill(0);
    for (let r = 0, base = p * R * Q; r < R; r++, base += Q) {
      for (let q = 0; q < Q; q++) {
        const v = x[base + q]!;
        acc[q]! += Math.fround(Math.fround(v * v) * factor);
      }
    }
    for (let q = 0; q < Q; q++) out[p * Q + q] = acc[q]!;
  }
  return out;
}

/** The kernel function (no stock kernel exists: the op only calls it when it is registered). */
export const sumOfSquaresKernel: KernelFunc = (args) => {
  const { x } = args.inputs;
  const { axis, keepDims, mean } = args.attrs as unknown as SumOfSquaresAttrs;
  const xv = floatValues(args.backend, x);
  const plan = x ? planReduce(x.shape, axis, keepDims) : null;
  const factor = plan && mean ? exactReciprocal(plan.R) : 1;
  if (!x || !xv || !plan || factor === 0) {
    throw new Error(`${SUM_OF_SQUARES_KERNEL}: needs a float32 tensor, contiguous axes, and a power-of-two count for a mean`);
  }
  return makeOutput(args.backend, plan.outShape, 'float32', sumOfSquaresValues(xv, plan.P, plan.R, plan.Q, factor));
};
