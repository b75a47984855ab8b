// The mean of a set of L2-normalised samples, for NST's linear kernel (docs/methods.md "NST details":
// MMD² = ‖mean_i t̂_i − mean_j ŝ_j‖²), from the raw samples and with a written-out gradient, so
// neither the normalised [B, HW, C] samples nor autodiff's broadcast mean gradient are built:
//   X [HW, C] one image's samples, inv_j = rsqrt(max(Σ_hw x_j², ε²)) (safe-ops.ts l2Normalize)
//   μ = (1/C) Σ_j x_j · inv_j = X · (inv / C)                     one matrix–vector product
//   ∂L/∂x_j = (g − x̂_j ⟨x̂_j, g⟩) · inv_j · live_j / C              (l2Normalize's gradient, dead → 0)
//           = g · (inv_j live_j / C) − x_j · (inv_j³ live_j ⟨x_j, g⟩ / C),   g = ∂L/∂μ
// i.e. an outer product plus a per-channel scaling of X, in one fused matMul.
import * as tf from '@tensorflow/tfjs';
import { saveNamed } from './named-saves';
import { NORM_EPSILON } from './safe-ops';
import { sumOfSquares } from './sum-of-squares';

const NORM_EPSILON_SQ = NORM_EPSILON * NORM_EPSILON; // 1e-24, see safe-ops.ts

/** samples [B, HW, C] (raw or normalised: normalising is idempotent) → mean of the normalised columns [B, HW]. */
export function normalizedChannelMean(samples: tf.Tensor3D): tf.Tensor2D {
  const [b, hw, c] = samples.shape;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = args[0] as tf.Tensor3D; // [B, HW, C]
    const save = args[1] as tf.GradSaveFunc;
    const squaredNorms = sumOfSquares<tf.Tensor2D>(x, 1); // [B, C]
    const inv = tf.rsqrt(tf.maximum(squaredNorms, NORM_EPSILON_SQ)) as tf.Tensor2D; // [B, C]
    const live = tf.cast(tf.greater(squaredNorms, NORM_EPSILON_SQ), 'float32') as tf.Tensor2D; // [B, C]
    const mean = tf.reshape(tf.matMul(x, tf.reshape(tf.div(inv, c), [b, c, 1])), [b, hw]) as tf.Tensor2D; // [B, HW]
    const read = saveNamed(save, { x, inv, live });
    return {
      value: mean,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const { x: xs, inv: invS, live: liveS } = read(saved);
          const g = tf.reshape(dy, [b, hw, 1]); // [B, HW, 1]
          const scale = tf.div(tf.mul(invS, liveS), c); // [B, C]  inv·live / C
          const along = tf.reshape(tf.matMul(xs, g, true, false), [b, c]); // [B, C]  ⟨x_j, g⟩
          const radial = tf.mul(tf.mul(tf.square(invS), along), scale); // [B, C]  inv³·live·⟨x_j, g⟩ / C
          const shrink = tf.mul(xs, tf.reshape(tf.neg(radial), [b, 1, c])); // [B, HW, C]
          return tf.fused.matMul({ a: g, b: tf.reshape(scale, [b, 1, c]), bias: shrink }); // [B, HW, C]
        }),
    };
  });
  return op(samples);
}
