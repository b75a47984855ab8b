// Classification metrics computed inside tidy: top-k hits and mean loss over a dataset.
import * as tf from '@tensorflow/tfjs';

/** Number of rows whose label is among the k largest logits. logits [B, K], labels [B] int32. */
export function topKHits(logits: tf.Tensor2D, labels: tf.Tensor1D, k: number): number {
  return tf.tidy(() => {
    const kk = Math.min(k, logits.shape[1]);
    const { indices } = tf.topk(logits, kk);
    const hit = tf.equal(indices, labels.expandDims(1)).any(1);
    return hit.sum().dataSync()[0]!;
  });
}
