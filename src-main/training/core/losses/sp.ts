// Similarity-preserving KD, Tung & Mori 2019, "Similarity-Preserving Knowledge Distillation"
// (docs/methods.md): inputs that the teacher finds alike should look alike to the student.
// For a batch of B images with flattened maps Q [B, H·W·C]:
//   G = Q·Qᵀ [B, B], every row L2-normalised: G_i ← G_i · rsqrt(max(Σ_j G_ij², ε²))
//   sp = ‖G_T − G_S‖²_F / B²
// Only the batch's pairwise similarities are compared, so the two maps may differ in size and
// channels; the B×B products are cheap next to the convolutions. Gradients by autodiff; a row of
// an all-zero image stays zero with a zero gradient (safe-ops.ts l2Normalize).
import * as tf from '@tensorflow/tfjs';
import { expectFloat, expectRank, expectSameBatch } from './checks';
import { l2Normalize } from './safe-ops';

/** The row-normalised batch similarity matrix [B, B] of maps [B, H, W, C]. */
function similarity(maps: tf.Tensor4D): tf.Tensor2D {
  const q = tf.reshape(maps, [maps.shape[0], -1]) as tf.Tensor2D; // [B, H·W·C]
  return l2Normalize(tf.matMul(q, q, false, true) as tf.Tensor2D, 1); // [B, B]
}

/**
 * @param student F_S [B, H_S, W_S, C_S]
 * @param teacher F_T [B, H_T, W_T, C_T], from outside the gradient closure (frozen teacher)
 * @returns scalar ‖G_T − G_S‖²_F / B²
 */
export function spLoss(student: tf.Tensor4D, teacher: tf.Tensor4D): tf.Scalar {
  expectRank('spLoss', 'student', student, 4, '[B, H, W, C]');
  expectRank('spLoss', 'teacher', teacher, 4, '[B, H, W, C]');
  expectFloat('spLoss', 'student', student);
  expectFloat('spLoss', 'teacher', teacher);
  expectSameBatch('spLoss', ['student', student], ['teacher', teacher]);
  return tf.tidy(() => tf.mean(tf.squaredDifference(similarity(teacher), similarity(student))) as tf.Scalar);
}
