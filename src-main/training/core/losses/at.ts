// Attention transfer, Zagoruyko & Komodakis 2017, "Paying More Attention to Attention"
// (ALGORITHMS.md "AT", code form):
//   a = normalize( mean_c |F_c|^p )          per image, flattened to HW values, L2-normalised
//   at(F_S, F_T) = mean_{b, positions} (a_S − a_T)²
// Channels may differ between student and teacher (the attention map averages them away);
// H×W must match. Not scale-invariant per channel. The normalisation is the safe one shared with
// NST, so an all-zero feature map gives a zero attention vector, a finite loss and finite
// gradients.
import * as tf from '@tensorflow/tfjs';
import { expectFeaturePair, expectNumber } from './checks';
import { l2Normalize } from './safe-ops';

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
  expectNumber(
    'atLoss',
    'p',
    p,
    (v) => v >= 1,
    'a finite number ≥ 1 (below 1 the gradient of |F|^p is infinite at the zeros ReLU features are full of)',
  );
  return tf.tidy(() => tf.mean(tf.squaredDifference(attentionVector(student, p), attentionVector(teacher, p))) as tf.Scalar);
}

/** [B, H, W, C] → unit attention vectors [B, HW]. */
export function attentionVector(features: tf.Tensor4D, p: number): tf.Tensor2D {
  const [b, h, w] = features.shape;
  // p = 2 (the default) is F²: same values, and square's gradient (2F) is a fraction of the cost
  // of pow's (which also evaluates |F|^(p−1) and a sign through abs).
  const powered = p === 2 ? tf.square(features) : tf.pow(tf.abs(features), p);
  const map = tf.mean(powered, 3); // [B, H, W]
  return l2Normalize(tf.reshape(map, [b, h * w]) as tf.Tensor2D, 1); // [B, HW]
}
