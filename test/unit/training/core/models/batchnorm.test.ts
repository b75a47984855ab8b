// BatchNorm as the teacher needs it (docs/methods.md): with training false the layer uses
// its moving statistics, y = γ·(x − μ_moving)/√(σ²_moving + ε) + β with ε = 1e-5 (PyTorch's);
// with training true it uses the batch statistics and moves the running mean by PyTorch's
// momentum 0.1. (tfjs updates the moving variance with the biased batch variance; PyTorch uses
// the unbiased one: a factor n/(n − 1) on a statistic, irrelevant at realistic batch sizes.)
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../../../src-main/training/core/models/registry';
import { tfjsOps } from '../../../../../src-main/training/core/models/tfjs-ops';
import { useTestBackend } from './helpers';

useTestBackend();

const GAMMA = [1, 2, 0.5];
const BETA = [0, 1, -1];
const MEAN = [0.5, -1, 2];
const VAR = [4, 0.25, 1];
// x [2, 1, 2, 3]: two images of 1×2 pixels, 3 channels
const X = [1, 2, 3, -1, 0, 5, 2, -2, 1, 0.5, 4, 2];

function tinyBnModel(): tf.LayersModel {
  const input = tf.input({ shape: [1, 2, 3] });
  const model = tf.model({ inputs: input, outputs: tfjsOps(1).batchNorm(input, 'bn') });
  model.getLayer('bn').setWeights([tf.tensor1d(GAMMA), tf.tensor1d(BETA), tf.tensor1d(MEAN), tf.tensor1d(VAR)]);
  return model;
}

const expectClose = (actual: ArrayLike<number>, expected: number[]) => expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 5));

describe('batch normalisation modes', () => {
  it('training false: moving statistics, by hand', () => {
    const model = tinyBnModel();
    const x = tf.tensor4d(X, [2, 1, 2, 3]);
    const expected = X.map((v, i) => {
      const c = i % 3;
      return (GAMMA[c]! * (v - MEAN[c]!)) / Math.sqrt(VAR[c]! + 1e-5) + BETA[c]!;
    });
    expectClose((model.apply(x, { training: false }) as tf.Tensor).dataSync(), expected);
    expectClose((model.predict(x) as tf.Tensor).dataSync(), expected);
    // inference never touches the moving statistics
    expect(Array.from(model.getLayer('bn').getWeights()[2]!.dataSync())).toEqual(MEAN);
    model.dispose();
  });

  it('training true: batch statistics, running mean moved by 0.1 toward the batch mean', () => {
    const model = tinyBnModel();
    const x = tf.tensor4d(X, [2, 1, 2, 3]);
    const batchMean = [0, 1, 2].map((c) => (X[c]! + X[c + 3]! + X[c + 6]! + X[c + 9]!) / 4);
    const batchVar = [0, 1, 2].map((c) => [0, 1, 2, 3].reduce((s, p) => s + (X[3 * p + c]! - batchMean[c]!) ** 2, 0) / 4);
    const expected = X.map((v, i) => {
      const c = i % 3;
      return (GAMMA[c]! * (v - batchMean[c]!)) / Math.sqrt(batchVar[c]! + 1e-5) + BETA[c]!;
    });
    expectClose((model.apply(x, { training: true }) as tf.Tensor).dataSync(), expected);
    expectClose(
      model.getLayer('bn').getWeights()[2]!.dataSync(),
      MEAN.map((m, c) => 0.9 * m + 0.1 * batchMean[c]!),
    );
    model.dispose();
  });

  it('a zoo model in inference mode treats each image independently', () => {
    const built = buildModel('resnet8', [8, 8, 3], 10, 3);
    const x = tf.randomNormal([2, 8, 8, 3], 0.5, 2, 'float32', 11);
    // move the moving statistics away from 0 and 1 first
    tf.tidy(() => void built.model.apply(x, { training: true }));
    const together = (built.model.apply(x, { training: false }) as tf.Tensor[])[0]!;
    const alone = [0, 1].map((i) => (built.model.apply(x.slice(i, 1), { training: false }) as tf.Tensor[])[0]!);
    const both = Array.from(together.dataSync());
    expectClose(alone[0]!.dataSync(), both.slice(0, 10));
    expectClose(alone[1]!.dataSync(), both.slice(10));
    const trained = (built.model.apply(x, { training: true }) as tf.Tensor[])[0]!;
    expect(Array.from(trained.dataSync())).not.toEqual(both);
    built.model.dispose();
  });
});
