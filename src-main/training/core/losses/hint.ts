// FitNets hint, Romero et al. 2015, "FitNets: Hints for Thin Deep Nets" (docs/methods.md):
//   hint = mean( (r(F_S) − F_T)² )   over every element
// r is the trainable adapter (1×1 or 3×3 conv + BN + ReLU, with a stride or upsampling when the
// spatial sizes differ by 2×). It belongs to the model side: the objective applies it and passes
// its output here, so this function sees two tensors of the same shape.
import * as tf from '@tensorflow/tfjs';
import { saveNamed } from './named-saves';
import { expectFloat, expectRank, LossInputError, shapeText } from './checks';

/**
 * @param adaptedStudent r(F_S) [B, H, W, C_T]
 * @param teacher        F_T    [B, H, W, C_T]
 * @returns scalar elementwise mean squared error
 */
export function hintLoss(adaptedStudent: tf.Tensor4D, teacher: tf.Tensor4D): tf.Scalar {
  expectRank('hintLoss', 'adapted student', adaptedStudent, 4, '[B, H, W, C]');
  expectRank('hintLoss', 'teacher', teacher, 4, '[B, H, W, C]');
  expectFloat('hintLoss', 'adapted student', adaptedStudent);
  expectFloat('hintLoss', 'teacher', teacher);
  if (!adaptedStudent.shape.every((d, i) => d === teacher.shape[i])) {
    throw new LossInputError(
      `hintLoss: adapted student and teacher shapes differ (${shapeText(adaptedStudent.shape)} vs ` +
        `${shapeText(teacher.shape)}); the adapter must map the student to the teacher's H×W and channels`,
    );
  }
  return squaredErrorMean(adaptedStudent, teacher);
}

/**
 * mean((a − t)²) with the gradient written out. Autodiff makes six feature-sized tensors (ones,
 * dy broadcast, / N, a − t, ×2, ×dy); here the per-element factor 2·(dy / N) is a scalar:
 *   ∂/∂a = (a − t) · (2 · (dy / N)),   ∂/∂t = −∂/∂a
 * with the same float32 roundings as autodiff (×2 is exact): bit-identical gradients.
 */
const squaredErrorMean = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [a, t] = args as [tf.Tensor4D, tf.Tensor4D];
  const save = args[2] as tf.GradSaveFunc;
  const read = saveNamed(save, { a, t });
  return {
    value: tf.tidy(() => tf.mean(tf.squaredDifference(a, t))), // []
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
      tf.tidy(() => {
        const { a: sa, t: st } = read(saved);
        const diff = tf.sub(sa, st); // [B, H, W, C]
        const da = tf.mul(diff, tf.mul(tf.div(dy, sa.size), 2)); // [B, H, W, C]
        return [da, tf.neg(da)];
      }),
  };
}) as (a: tf.Tensor4D, t: tf.Tensor4D) => tf.Scalar;
