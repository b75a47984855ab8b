// One training step through a BatchNormalization layer, for comparing the fused batch norm
// (src-main/training/core/models/fast-batch-norm-layer.ts) with tfjs's own layer on any backend.
import * as tf from '@tensorflow/tfjs';

/** y, ∂x, ∂γ, ∂β of Σ y·w, then the moving mean and variance, for a BN layer given γ and β. */
export function bnStep(make: () => tf.layers.Layer, x: tf.Tensor, w: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor[] {
  const layer = make();
  layer.apply(tf.input({ shape: x.shape.slice(1) }));
  layer.setWeights([gamma, beta, tf.zeros(gamma.shape), tf.ones(gamma.shape)]);
  const [g, b] = layer.trainableWeights.map((v) => v.read() as tf.Variable);
  let y: tf.Tensor | null = null;
  const { grads } = tf.variableGrads(() => {
    const out = layer.apply(x, { training: true }) as tf.Tensor;
    y = tf.keep(out.clone());
    return tf.sum(tf.mul(out, w)) as tf.Scalar;
  }, [g!, b!]);
  const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(layer.apply(xx, { training: true }) as tf.Tensor, w)))(x);
  const [, , movingMean, movingVariance] = layer.getWeights();
  return [y!, dx, grads[g!.name]!, grads[b!.name]!, movingMean!, movingVariance!];
}
