// FitNets hint, Romero et al. 2015, "FitNets: Hints for Thin Deep Nets" (ALGORITHMS.md):
//   hint = mean( (r(F_S) − F_T)² )   over every element
// r is the trainable adapter (1×1 or 3×3 conv + BN + ReLU, with a stride or upsampling when the
// spatial sizes differ by 2×). It belongs to the model side: the objective applies it and passes
// its output here, so this function sees two tensors of the same shape.
import * as tf from '@tensorflow/tfjs';
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
  return tf.tidy(() => tf.mean(tf.squaredDifference(adaptedStudent, teacher)) as tf.Scalar);
}
