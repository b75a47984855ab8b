// Knowledge distillation, Hinton, Vinyals & Dean 2015, "Distilling the Knowledge in a Neural
// Network" (docs/methods.md):
//   kd(z_S, z_T; T) = T² · mean_b Σ_k p_T (log p_T − log p_S),   p = softmax(z / T)
// KL summed over classes, averaged over the batch ("batchmean"), times T² so the gradient,
// ∂kd/∂z_S = T · (p_S − p_T) / B, does not shrink as T grows. Log-probabilities come from
// logSoftmax; p_T = exp(log p_T), so a class with p_T = 0 contributes 0 · finite = 0.
import * as tf from '@tensorflow/tfjs';
import { expectFloat, expectNumber, expectRank, LossInputError, shapeText } from './checks';

export interface KdOptions {
  /** Softmax temperature T > 0 (docs/methods.md default 4). */
  temperature: number;
}

/**
 * @param studentLogits [B, K]
 * @param teacherLogits [B, K], computed outside the gradient closure (frozen teacher)
 * @returns scalar T²·KL(p_T ‖ p_S), batch mean
 */
export function kdLoss(studentLogits: tf.Tensor2D, teacherLogits: tf.Tensor2D, opts: KdOptions): tf.Scalar {
  expectRank('kdLoss', 'student logits', studentLogits, 2, '[B, K]');
  expectRank('kdLoss', 'teacher logits', teacherLogits, 2, '[B, K]');
  expectFloat('kdLoss', 'student logits', studentLogits);
  expectFloat('kdLoss', 'teacher logits', teacherLogits);
  if (studentLogits.shape[0] !== teacherLogits.shape[0] || studentLogits.shape[1] !== teacherLogits.shape[1]) {
    throw new LossInputError(
      `kdLoss: student and teacher logits shapes differ (${shapeText(studentLogits.shape)} vs ` +
        `${shapeText(teacherLogits.shape)}); both must be [B, K] over the same classes`,
    );
  }
  const temperature = opts?.temperature;
  expectNumber('kdLoss', 'temperature', temperature, (t) => t > 0, 'a finite number > 0');
  return tf.tidy(() => {
    const logPT = tf.logSoftmax(tf.div(teacherLogits, temperature)); // [B, K]
    const logPS = tf.logSoftmax(tf.div(studentLogits, temperature)); // [B, K]
    const kl = tf.sum(tf.mul(tf.exp(logPT), tf.sub(logPT, logPS)), 1); // [B]
    return tf.mul(tf.mean(kl), temperature * temperature) as tf.Scalar;
  });
}
