// Hard-label cross-entropy (docs/methods.md).
//   ce(z, y) = mean_b( −log softmax(z_b)[y_b] )
// computed with logSoftmax (log-sum-exp inside), never log(softmax), which underflows to
// log(0) = −∞ for confident wrong predictions.
import * as tf from '@tensorflow/tfjs';
import { expectFloat, expectRank, expectSameBatch, LossInputError } from './checks';

/**
 * @param logits [B, K] unnormalised class scores
 * @param labels [B] int32 class ids in 0..K−1 (not range-checked here: that would force a
 *               device read every step; the dataset loaders validate labels)
 * @returns scalar, mean over the batch
 */
export function ceLoss(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  expectRank('ceLoss', 'logits', logits, 2, '[B, K]');
  expectFloat('ceLoss', 'logits', logits);
  expectRank('ceLoss', 'labels', labels, 1, '[B] of int32 class ids');
  if (labels.dtype !== 'int32') {
    throw new LossInputError(`ceLoss: labels must be int32 class ids, got ${labels.dtype}`);
  }
  expectSameBatch('ceLoss', ['logits', logits], ['labels', labels]);
  return tf.tidy(() => {
    const numClasses = logits.shape[1];
    const logProbs = tf.logSoftmax(logits); // [B, K]
    const picked = tf.oneHot(labels, numClasses, 1, 0, 'float32'); // [B, K]
    const nll = tf.neg(tf.sum(tf.mul(picked, logProbs), 1)); // [B]
    return tf.mean(nll) as tf.Scalar;
  });
}
