// Σ x² (or its mean) over a block of axes, the reduction every feature loss starts from: AT's
// attention map mean_c F², the channel norms of NST's and AT's normalisation. As an op it is
// tf.sum(tf.square(x), axis, keepDims) (tf.mean for `mean`), value for value; a backend may
// register a kernel named SUM_OF_SQUARES_KERNEL that computes it in one pass without the
// feature-sized square (the fast cpu kernels do: src-main/backends/cpu/sum-of-squares.ts), and then this op
// runs it. The op has no gradient of its own: call it where the gradient is written out
// (the forward functions of tf.customGrad in at.ts, safe-ops.ts, nst-mean.ts).
import * as tf from '@tensorflow/tfjs';

/** Kernel name a backend registers to run sumOfSquares in one pass. */
export const SUM_OF_SQUARES_KERNEL = 'DistillSumOfSquares';

/**
 * Attributes of that kernel: ascending, contiguous, non-negative axes; a mean only over a
 * power-of-two number of values (then dividing by it is an exact multiplication; channel counts
 * of the zoo's taps are powers of two, other means compose the stock ops).
 */
export interface SumOfSquaresAttrs {
  axis: number[];
  keepDims: boolean;
  mean: boolean;
}

/** Ascending run of axes of a rank-`rank` tensor, or null (then the composite ops run). */
function contiguousAxes(axis: number | number[], rank: number): number[] | null {
  const axes = (typeof axis === 'number' ? [axis] : axis).map((a) => (a < 0 ? a + rank : a));
  if (axes.length === 0) return null;
  for (let i = 0; i < axes.length; i++) {
    if (!Number.isInteger(axes[i]) || axes[i]! < 0 || axes[i]! >= rank) return null;
    if (i > 0 && axes[i] !== axes[i - 1]! + 1) return null;
  }
  return axes;
}

const isPowerOfTwo = (n: number) => n > 0 && n <= 2 ** 30 && (n & (n - 1)) === 0;

/** Σ x² over `axis` (mean of x² when `mean`), as tf.sum / tf.mean of tf.square would give. */
export function sumOfSquares<T extends tf.Tensor>(x: tf.Tensor, axis: number | number[], keepDims = false, mean = false): T {
  const axes = contiguousAxes(axis, x.rank);
  const count = axes ? axes.reduce((n, a) => n * x.shape[a]!, 1) : 0;
  if (axes && x.dtype === 'float32' && (!mean || isPowerOfTwo(count)) && tf.getKernel(SUM_OF_SQUARES_KERNEL, tf.getBackend())) {
    const attrs: SumOfSquaresAttrs = { axis: axes, keepDims, mean };
    return tf.engine().runKernel(SUM_OF_SQUARES_KERNEL, { x }, attrs as unknown as tf.NamedAttrMap) as T;
  }
  return tf.tidy(() => (mean ? tf.mean(tf.square(x), axis, keepDims) : tf.sum(tf.square(x), axis, keepDims))) as T;
}
