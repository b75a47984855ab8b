// Two differentiable building blocks the feature losses share, each with a hand-written gradient:
//
// • l2Normalize: x̂ = x · rsqrt(max(Σx², ε²)) along one axis (docs/methods.md, NST and AT).
//   Never tf.norm + eps: the gradient of √(Σx²) is 0/0 = NaN on an all-zero row, and ReLU
//   features have all-zero channels all the time.
//   ε = 1e-12, so ε² = 1e-24. In float32 that is a normal number (smallest normal ≈ 1.18e-38,
//   smallest subnormal ≈ 1.4e-45): it does not underflow, and rsqrt(ε²) = 1e12 is finite, so the
//   forward value of a zero slice is 0 · 1e12 = 0. (A half-float backend would flush it to 0; the
//   app only computes losses in float32.)
//   Gradient: for a live slice (Σx² > ε²) the exact Jacobian of x/‖x‖,  dx = (dy − x̂ ⟨x̂, dy⟩) / ‖x‖.
//   For a dead slice (Σx² ≤ ε², in practice an all-zero channel) plain autodiff would give
//   dy / ε = 1e12 · dy: finite, but a dead channel has no direction to preserve, and such a
//   gradient reaching weights (a tap that is not post-ReLU, a zero-initialised layer) would blow
//   a training step up. Convention here: a dead slice receives zero gradient. Forward values are
//   exactly the docs/methods.md formula in every case.
//
// • stopGradient: identity forward, zero gradient (tfjs has no stop-gradient op, so the
//   gradient is blocked with tf.customGrad). Used for the automatic Gaussian σ² of NST.
import * as tf from '@tensorflow/tfjs';
import { saveNamed } from './named-saves';
import { sumOfSquares } from './sum-of-squares';

/** ε of the normalisation; see the header for why ε² is safe in float32. */
export const NORM_EPSILON = 1e-12;
const NORM_EPSILON_SQ = NORM_EPSILON * NORM_EPSILON; // 1e-24

/**
 * L2-normalise `x` along `axis` (e.g. [B, HW, C] along axis 1: every channel's map becomes a
 * unit vector). All-zero slices stay zero and get a zero gradient (header).
 */
export function l2Normalize<T extends tf.Tensor>(x: T, axis: number): T {
  const normalize = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor; // e.g. [B, HW, C]
    const save = args[1] as tf.GradSaveFunc;
    const sumSq = sumOfSquares(input, axis, true); // e.g. [B, 1, C]
    const invNorm = tf.rsqrt(tf.maximum(sumSq, NORM_EPSILON_SQ)); // [B, 1, C]
    const live = tf.cast(tf.greater(sumSq, NORM_EPSILON_SQ), 'float32'); // [B, 1, C] 1 live, 0 dead
    const unit = tf.mul(input, invNorm); // [B, HW, C]
    const read = saveNamed(save, { unit, invNorm, live });
    return {
      value: unit,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const { unit: u, invNorm: inv, live: alive } = read(saved);
          const radial = tf.tidy(() => tf.sum(tf.mul(u, dy), axis, true)); // [B, 1, C]  ⟨x̂, dy⟩
          const scale = tf.mul(inv, alive); // [B, 1, C]  1/‖x‖ on live slices, 0 on dead ones
          return tf.mul(tf.sub(dy, tf.mul(u, radial)), scale); // [B, HW, C]
        }),
    };
  });
  return normalize(x) as T;
}

/** Identity in the forward pass; no gradient flows through it. */
export const stopGradient: <T extends tf.Tensor>(x: T) => T = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const x = args[0] as tf.Tensor;
  return { value: tf.clone(x), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
}) as <T extends tf.Tensor>(x: T) => T;
