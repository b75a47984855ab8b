// NST with the Gaussian kernel (docs/methods.md "NST details"), k(x, y) = exp(−‖x − y‖² / (2σ²)), on the
// normalised Gram matrices of nst-grams.ts:
//   n_a = Ĝ_aa (1 for a live channel, 0 for a dead one), D_ab = relu(n_a + n_b − 2Ĝ_ab)
//   (the clamp absorbs rounding below 0), K = exp(D / (−2σ²)),
//   σ² fixed, or per image the mean of D over all (C_T + C_S)² ordered pairs of the pooled set,
//   diagonal included, floored at SIGMA2_FLOOR; in both cases a constant (no gradient).
//   per-image means of K_TT, K_SS, K_ST → MMD² = m_TT + m_SS − 2 m_ST
// Closed-form derivatives, per image, with w_SS, w_ST the incoming gradients of the two means:
//   F = ∂L/∂D = w · K / (−2σ²) / (number of pairs), times the clamp's mask [pre-clamp > 0]
//   ∂L/∂Ĝ_SS = −2F_SS + diag(row sums + column sums of F_SS + row sums of F_ST)   (n_S = diag Ĝ_SS)
//   ∂L/∂Ĝ_ST = −2F_ST
import * as tf from '@tensorflow/tfjs';
import { applyToGrams, column, diagonal, mmdFromMeans } from './nst-grams';

/**
 * Automatic σ² below this (all C_T + C_S patterns identical, every distance 0) would divide 0 by
 * 0; it is raised to this floor, which gives k = 1 everywhere and MMD² = 0, the limit value.
 */
const SIGMA2_FLOOR = 1e-12;

/** Pre-clamp squared distances n_a + n_b − 2 a·b from dots [B, C_a, C_b] and norms [B, C_a], [B, C_b]. */
function preDistances(dots: tf.Tensor3D, aSq: tf.Tensor2D, bSq: tf.Tensor2D): tf.Tensor3D {
  const norms = tf.add(tf.expandDims(aSq, 2), tf.expandDims(bSq, 1)); // [B, C_a, C_b]
  return tf.sub(norms, tf.mul(dots, 2)) as tf.Tensor3D;
}

/**
 * σ² per image: mean of ‖a − b‖² over all (C_T + C_S)² ordered pairs of the pooled set, diagonal
 * included; the T–S block appears twice (a ∈ T, b ∈ S and the reverse) → [B, 1, 1].
 */
function automaticSigma2(dTT: tf.Tensor3D, dSS: tf.Tensor3D, dST: tf.Tensor3D): tf.Tensor3D {
  const pooled = dTT.shape[1] + dSS.shape[1]; // C_T + C_S
  const total = tf.addN([tf.sum(dTT, [1, 2]), tf.sum(dSS, [1, 2]), tf.mul(tf.sum(dST, [1, 2]), 2)]); // [B]
  const sigma2 = tf.maximum(tf.div(total, pooled * pooled), SIGMA2_FLOOR); // [B]
  return tf.reshape(sigma2, [-1, 1, 1]) as tf.Tensor3D; // [B, 1, 1]
}

/**
 * Gaussian kernel with fixed or automatic σ² (header) → per-image MMD² [B].
 * t, s: samples [B, HW, C], raw or normalised (they are normalised through their Gram matrices).
 */
export function gaussianMmd(t: tf.Tensor3D, s: tf.Tensor3D, sigma2: number | undefined): tf.Tensor1D {
  const means = applyToGrams(t, s, {
    forward: ({ tt, ss, st }) => {
      const tSq = diagonal(tt); // [B, C_T]
      const sSq = diagonal(ss); // [B, C_S]
      const preSS = preDistances(ss, sSq, sSq); // [B, C_S, C_S]
      const preST = preDistances(st, sSq, tSq); // [B, C_S, C_T] (pairs in the other order: sums and means agree)
      const dTT = tf.relu(preDistances(tt, tSq, tSq)) as tf.Tensor3D; // [B, C_T, C_T]
      const dSS = tf.relu(preSS) as tf.Tensor3D;
      const dST = tf.relu(preST) as tf.Tensor3D;
      const bandwidth = sigma2 === undefined ? automaticSigma2(dTT, dSS, dST) : tf.scalar(sigma2); // [B, 1, 1] or []
      const scale = tf.mul(bandwidth, -2); // −2σ²
      const kernel = (d: tf.Tensor3D) => tf.exp(tf.div(d, scale)) as tf.Tensor3D;
      const [kTT, kSS, kST] = [kernel(dTT), kernel(dSS), kernel(dST)];
      const value = tf.stack([tf.mean(kTT, [1, 2]), tf.mean(kSS, [1, 2]), tf.mean(kST, [1, 2])], 1) as tf.Tensor2D; // [B, 3]
      const mask = (pre: tf.Tensor) => tf.cast(tf.greater(pre, 0), 'float32'); // the clamp's gradient
      return { value, keep: { kSS, kST, maskSS: mask(preSS), maskST: mask(preST), scale } };
    },
    slopes: ({ ss, st }, dy, { kSS, kST, maskSS, maskST, scale }) => {
      const [cS, cT] = [ss.shape[1], st.shape[2]];
      const weight = (j: number, pairs: number) => tf.reshape(tf.div(column(dy, j), pairs), [-1, 1, 1]); // [B, 1, 1]
      const fSS = tf.mul(tf.mul(kSS, tf.div(weight(1, cS * cS), scale)), maskSS) as tf.Tensor3D; // ∂L/∂D_SS
      const fST = tf.mul(tf.mul(kST, tf.div(weight(2, cS * cT), scale)), maskST) as tf.Tensor3D; // ∂L/∂D_ST
      const normSlope = tf.addN([tf.sum(fSS, 2), tf.sum(fSS, 1), tf.sum(fST, 2)]); // [B, C_S]  ∂L/∂n_S
      return {
        ss: tf.add(tf.mul(fSS, -2), tf.mul(tf.expandDims(normSlope, 2), tf.eye(cS))) as tf.Tensor3D,
        st: tf.mul(fST, -2) as tf.Tensor3D,
      };
    },
  }); // [B, 3]
  return mmdFromMeans(column(means, 0), column(means, 1), column(means, 2));
}
