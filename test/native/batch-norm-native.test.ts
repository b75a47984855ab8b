// Batch norm in training mode on the native backend as TensorFlow's own FusedBatchNorm and
// FusedBatchNormGrad (src-main/backends/tensorflow/batch-norm-train.ts), against tfjs's layer
// composed of eager ops on the same backend: output, ∂x, ∂γ, ∂β and the moving statistics (which
// must use the biased variance, as tfjs does), for feature maps and for a [N, C] input.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BN_TRAIN_KERNEL, hasBatchNormTrainKernels } from '../../src-main/training/core/models/batch-norm-train';
import { fastBatchNormalization } from '../../src-main/training/core/models/fast-batch-norm-layer';
import { bnStep } from '../helpers/batch-norm-step';
import { selectTestBackend } from '../helpers/test-backend';

beforeAll(async () => {
  await selectTestBackend('tensorflow');
});

const values = (ts: tf.Tensor[]) => ts.map((t) => Float32Array.from(t.dataSync()));

describe('fused batch norm on native TensorFlow', () => {
  it('is registered for the tensorflow backend', () => {
    expect(tf.getBackend()).toBe('tensorflow');
    expect(tf.getKernel(BN_TRAIN_KERNEL, 'tensorflow')).toBeDefined();
    expect(hasBatchNormTrainKernels()).toBe(true);
  });

  it('matches tfjs’s layer: output, ∂x, ∂γ, ∂β and the moving statistics', () => {
    for (const [shape, seed] of [
      [[8, 6, 6, 16], 1],
      [[3, 5, 7, 3], 2],
      [[16, 10], 3],
    ] as const) {
      const x = tf.add(tf.mul(tf.randomUniform([...shape], -1, 1, 'float32', seed), 3), 0.5);
      const w = tf.randomUniform([...shape], -1, 1, 'float32', seed + 10);
      const c = shape[shape.length - 1]!;
      const gamma = tf.add(tf.randomUniform([c], -1, 1, 'float32', seed + 20), 1.5);
      const beta = tf.randomUniform([c], -1, 1, 'float32', seed + 30);
      const stock = values(bnStep(() => tf.layers.batchNormalization({ axis: -1, epsilon: 1e-5, momentum: 0.9 }), x, w, gamma, beta));
      const fused = values(bnStep(() => fastBatchNormalization({ axis: -1, epsilon: 1e-5, momentum: 0.9 }), x, w, gamma, beta));
      const names = ['y', '∂x', '∂γ', '∂β', 'moving mean', 'moving variance'];
      stock.forEach((s, i) => {
        const scale = Math.max(1, ...Array.from(s, Math.abs));
        const diff = Math.max(...Array.from(s, (v, j) => Math.abs(v - fused[i]![j]!)));
        expect(diff / scale, `${shape} ${names[i]}`).toBeLessThanOrEqual(1e-4);
      });
      tf.dispose([x, w, gamma, beta]);
    }
  });
});
