// Attention transfer, Zagoruyko & Komodakis 2017, "Paying More Attention to Attention"
// (docs/methods.md, code form):
//   a = normalize( mean_c |F_c|^p )          per image, flattened to HW values, L2-normalised
//   at(F_S, F_T) = mean_{b, positions} (a_S − a_T)²
// Channels may differ between student and teacher (the attention map averages them away);
// H×W must match. Not scale-invariant per channel. The normalisation is the safe one shared with
// NST, so an all-zero feature map gives a zero attention vector, a finite loss and finite
// gradients.
import * as tf from '@tensorflow/tfjs';
import { saveNamed } from './named-saves';
import { expectFeaturePair, expectNumber } from './checks';
import { l2Normalize } from './safe-ops';
import { sumOfSquares } from './sum-of-squares';

export interface AtOptions {
  /** Exponent p ≥ 1 of |F|^p (default 2). Below 1 the gradient is infinite at F = 0. */
  p?: number;
}

/**
 * @param student [B, H, W, C_S]
 * @param teacher [B, H, W, C_T]
 * @returns scalar, mean over batch and positions of the squared attention difference
 */
export function atLoss(student: tf.Tensor4D, teacher: tf.Tensor4D, opts: AtOptions = {}): tf.Scalar {
  expectFeaturePair('atLoss', student, teacher);
  const p = opts.p ?? 2;
  expectNumber('atLoss', 'p', p, (v) => v >= 1, 'a finite number ≥ 1 (below 1 the gradient of |F|^p is infinite at the zeros ReLU features are full of)');
  return tf.tidy(() => tf.mean(tf.squaredDifference(attentionVector(student, p), attentionVector(teacher, p))) as tf.Scalar);
}

/** [B, H, W, C] → unit attention vectors [B, HW]. */
export function attentionVector(features: tf.Tensor4D, p: number): tf.Tensor2D {
  const [b, h, w] = features.shape;
  const map = p === 2 ? meanOfSquares(features) : meanOfPowers(features, p); // [B, H, W]
  return l2Normalize(tf.reshape(map, [b, h * w]) as tf.Tensor2D, 1); // [B, HW]
}

/**
 * p = 2 (the default): mean_c F² [B, H, W] (sum-of-squares.ts), with the gradient written out. Autodiff of
 * mean(square(F)) makes five feature-sized tensors (ones, the broadcast dy, dy / C, 2F, the
 * product); here the scaling happens on the [B, H, W] map and one broadcast product remains:
 *   ∂/∂F = F · (2 · (dy / C))   — the same float32 roundings as autodiff's (dy / C) · 2F, as
 * ×2 is exact: bit-identical gradients, and the forward is the plain mean of squares.
 */
const meanOfSquares = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const features = args[0] as tf.Tensor4D; // [B, H, W, C]
  const save = args[1] as tf.GradSaveFunc;
  const read = saveNamed(save, { features });
  return {
    value: sumOfSquares(features, 3, false, true), // [B, H, W]: mean_c F², one pass where the backend has the kernel
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
      tf.tidy(() => {
        const f = read(saved).features; // [B, H, W, C]
        const perElement = tf.mul(tf.div(dy, f.shape[3]), 2); // [B, H, W]
        return tf.mul(f, tf.expandDims(perElement, 3)); // [B, H, W, C]
      }),
  };
}) as (features: tf.Tensor4D) => tf.Tensor3D;

/**
 * Any other p ≥ 1: mean_c |F|^p [B, H, W] with ∂/∂F = p·|F|^(p−1)·sign(F) · dy / C and sign(0) = 0,
 * the subgradient PyTorch's abs uses. (tfjs differentiates |x| as step(x, −1), i.e. −1 at 0:
 * with p = 1 every ReLU zero of the student would be pushed by a full −1 per unit of dy; the
 * float64 central differences of the reference give 0 there, as PyTorch does.)
 */
function meanOfPowers(features: tf.Tensor4D, p: number): tf.Tensor3D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const f = args[0] as tf.Tensor4D; // [B, H, W, C]
    const read = saveNamed(args[1] as tf.GradSaveFunc, { f });
    return {
      value: tf.tidy(() => tf.mean(tf.pow(tf.abs(f), p), 3)), // [B, H, W]
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const x = read(saved).f;
          const slope = tf.mul(tf.pow(tf.abs(x), p - 1), tf.sign(x)); // p = 1: |x|⁰ = 1, times sign(x)
          return tf.mul(slope, tf.expandDims(tf.mul(dy, p / x.shape[3]), 3)); // [B, H, W, C]
        }),
    };
  });
  return op(features) as tf.Tensor3D;
}
