// Every loss as its paper writes it, in plain tfjs ops with autodiff gradients: no custom
// gradients, no fused forms, no choice between C×C and HW×HW. They are slow and memory-hungry on
// purpose (NST broadcasts the kernel matrices) and exist as the readable definition the optimised
// losses in this folder's parent are held to (test/unit/training/core/losses/plain.test.ts),
// values and gradients. Conventions as in docs/methods.md.
import * as tf from '@tensorflow/tfjs';
import { NORM_EPSILON } from '../safe-ops';
import type { NstOptions } from '../nst';

/** ce = mean_b −log softmax(z)_y. */
export function plainCe(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const logP = tf.logSoftmax(logits); // [B, K]
  const picked = tf.sum(tf.mul(logP, tf.oneHot(labels, logits.shape[1])), 1); // [B]
  return tf.neg(tf.mean(picked)) as tf.Scalar;
}

/** Hinton et al. 2015: kd = T² · mean_b Σ_k p_T (log p_T − log p_S), p = softmax(z / T). */
export function plainKd(student: tf.Tensor2D, teacher: tf.Tensor2D, temperature: number): tf.Scalar {
  const logPT = tf.logSoftmax(tf.div(teacher, temperature));
  const logPS = tf.logSoftmax(tf.div(student, temperature));
  const kl = tf.sum(tf.mul(tf.exp(logPT), tf.sub(logPT, logPS)), 1); // [B]
  return tf.mul(tf.mean(kl), temperature * temperature) as tf.Scalar;
}

/** Zagoruyko & Komodakis 2017: a = mean_c |F|^p flattened and L2-normalised; at = mean (a_S − a_T)². */
export function plainAt(student: tf.Tensor4D, teacher: tf.Tensor4D, p: number): tf.Scalar {
  const attention = (f: tf.Tensor4D) => {
    const a = tf.reshape(tf.mean(tf.pow(tf.abs(f), p), 3), [f.shape[0], -1]); // [B, HW]
    return tf.div(a, tf.maximum(tf.norm(a, 'euclidean', 1, true), NORM_EPSILON));
  };
  return tf.mean(tf.squaredDifference(attention(student), attention(teacher))) as tf.Scalar;
}

/** Romero et al. 2015: hint = mean (r(F_S) − F_T)², the adapter r already applied by the caller. */
export function plainHint(adapted: tf.Tensor4D, teacher: tf.Tensor4D): tf.Scalar {
  return tf.mean(tf.squaredDifference(adapted, teacher)) as tf.Scalar;
}

/**
 * Huang & Wang 2017, per image: the C channels of a map are C samples in R^HW, each normalised
 * f̂ = f · rsqrt(max(Σf², ε²)); with C_T teacher samples t̂ and C_S student samples ŝ,
 *   MMD² = mean_ii' k(t̂_i, t̂_i') + mean_jj' k(ŝ_j, ŝ_j') − 2 mean_ij k(t̂_i, ŝ_j),
 * nst = mean over the batch. Gaussian σ², when not fixed: per image the mean of ‖a − b‖² over
 * all ordered pairs of the pooled C_T + C_S samples, held constant.
 */
export function plainNst(student: tf.Tensor4D, teacher: tf.Tensor4D, o: NstOptions): tf.Scalar {
  const samples = (f: tf.Tensor4D) => {
    const x = tf.transpose(tf.reshape(f, [f.shape[0], -1, f.shape[3]]), [0, 2, 1]); // [B, C, HW]
    return tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), 2, true), NORM_EPSILON ** 2)));
  };
  const [t, s] = [samples(teacher), samples(student)];
  const sqDist = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.sub(tf.expandDims(a, 2), tf.expandDims(b, 1))), 3); // [B, C_a, C_b]
  const pooled = tf.concat([t, s], 1);
  const sigma2 = o.sigma2 ?? tf.reshape(tf.maximum(tf.mean(sqDist(pooled, pooled), [1, 2]), 1e-12), [-1, 1, 1]).dataSync();
  const bandwidth = typeof sigma2 === 'number' ? tf.scalar(sigma2) : tf.tensor(Array.from(sigma2), [sigma2.length, 1, 1]);
  const k = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => {
    if (o.kernel === 'gaussian') return tf.exp(tf.div(sqDist(a, b), tf.mul(bandwidth, -2)));
    const dots = tf.matMul(a, b, false, true); // [B, C_a, C_b]
    return o.kernel === 'linear' ? dots : tf.pow(tf.add(dots, o.c ?? 0), o.degree ?? 2);
  };
  const m = (a: tf.Tensor, b: tf.Tensor) => tf.mean(k(a, b), [1, 2]); // [B]
  return tf.mean(tf.sub(tf.add(m(t, t), m(s, s)), tf.mul(m(t, s), 2))) as tf.Scalar;
}

/** Tung & Mori 2019: G = Q·Qᵀ over the batch, rows L2-normalised; sp = ‖G_T − G_S‖²_F / B². */
export function plainSp(student: tf.Tensor4D, teacher: tf.Tensor4D): tf.Scalar {
  const similarity = (f: tf.Tensor4D) => {
    const q = tf.reshape(f, [f.shape[0], -1]);
    const g = tf.matMul(q, q, false, true); // [B, B]
    return tf.div(g, tf.maximum(tf.norm(g, 'euclidean', 1, true), NORM_EPSILON));
  };
  const b = student.shape[0];
  return tf.div(tf.sum(tf.square(tf.sub(similarity(teacher), similarity(student)))), b * b) as tf.Scalar;
}
