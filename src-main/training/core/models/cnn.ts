// Small CNN for MNIST-sized inputs (also takes 32×32×3): two conv blocks and a linear classifier.
// Taps: stage1 [B, H/2, W/2, 16], stage2 [B, H/4, W/4, 32] (post-ReLU, pre-pool), logits.
import * as tf from '@tensorflow/tfjs';
import type { BuiltModel } from './model-types';

export function buildCnn(inputShape: [number, number, number], numClasses: number, seed: number): BuiltModel {
  const init = (k: number) => tf.initializers.heNormal({ seed: seed * 7919 + k });
  const input = tf.input({ shape: inputShape, name: 'image' });
  const conv = (x: tf.SymbolicTensor, filters: number, k: number, name: string) =>
    tf.layers
      .conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(k), name })
      .apply(x) as tf.SymbolicTensor;
  const s1 = conv(input, 16, 1, 'stage1');
  const p1 = tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }).apply(s1) as tf.SymbolicTensor;
  const s2 = conv(p1, 32, 2, 'stage2');
  const p2 = tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }).apply(s2) as tf.SymbolicTensor;
  const gap = tf.layers.flatten({ name: 'flatten' }).apply(p2) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ units: numClasses, kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 7919 + 3 }), name: 'logits' })
    .apply(gap) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: [logits, s1, s2], name: 'cnn' });
  return { model, taps: ['logits', 'stage1', 'stage2'] };
}
