// ReLU's gradient on native TensorFlow (src-main/backends/tensorflow/relu-grad.ts): one ReluGrad
// op, against tfjs's formula dy · step(x) on the same backend: bit for bit (signed zeros, ±∞ and
// NaN in dy included) wherever x is not NaN; where x is NaN, ReluGrad's dy · 0 instead of NaN.
// Gradients through a conv → relu net match.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RELU_GRAD_KERNEL } from '../../src-main/training/core/models/relu-grad';
import { selectTestBackend } from '../helpers/test-backend';

beforeAll(async () => {
  await selectTestBackend('tensorflow');
});

const specialX = [1, -1, 0, -0, 1e-45, -1e-45, 1.2e-38, -1.2e-38, Infinity, -Infinity, 3.4e38, -3.4e38, 0.5, -0.5];

/** tfjs's own formula, as relu-grad.ts runs it where no kernel is registered. */
const formula = (dy: tf.Tensor, x: tf.Tensor) => tf.mul(dy, tf.cast(tf.step(x), 'float32'));

describe('ReLU gradient on native TensorFlow', () => {
  it('is one ReluGrad kernel', async () => {
    expect(tf.getBackend()).toBe('tensorflow');
    expect(tf.getKernel(RELU_GRAD_KERNEL, 'tensorflow')).toBeDefined();
    const x = tf.randomNormal([4, 5]);
    const names = (
      await tf.profile(
        () =>
          void tf
            .grad((t: tf.Tensor) => tf.relu(t))(x)
            .dataSync(),
      )
    ).kernels.map((k) => k.name);
    expect(names).toContain(RELU_GRAD_KERNEL);
    expect(names).not.toContain('Step');
  });

  it('equals dy · step(x) bit for bit wherever x is not NaN, special dy included', () => {
    const specialDy = [1.5, -2, 0, -0, Infinity, -Infinity, NaN];
    const random = Array.from(tf.randomNormal([2048], 0, 2, 'float32', 5).dataSync());
    const xs = [...specialX.flatMap((v) => specialDy.map(() => v)), ...random];
    const dys = [...specialX.flatMap(() => specialDy), ...Array.from(tf.randomNormal([2048], 0, 1, 'float32', 6).dataSync())];
    const x = tf.tensor1d(xs);
    const dy = tf.tensor1d(dys);
    const ours = tf
      .grad((t: tf.Tensor) => tf.relu(t))(x, dy)
      .dataSync();
    const reference = formula(dy, x).dataSync();
    ours.forEach((v, i) => expect(Object.is(v, reference[i]), `x ${xs[i]}, dy ${dys[i]}: ${v} vs ${reference[i]}`).toBe(true));
    tf.dispose([x, dy]);
  });

  it('gives dy · 0 where x is NaN, where the formula gives NaN', () => {
    const x = tf.tensor1d([NaN, NaN, NaN, NaN]);
    const dy = tf.tensor1d([1, -1, NaN, Infinity]);
    const g = Array.from(
      tf
        .grad((t: tf.Tensor) => tf.relu(t))(x, dy)
        .dataSync(),
    );
    expect(g).toEqual([0, -0, NaN, NaN]);
    expect(Array.from(formula(dy, x).dataSync())).toEqual([NaN, NaN, NaN, NaN]);
    tf.dispose([x, dy]);
  });

  it('gives the same weight gradients through a conv → relu → conv net as the formula', () => {
    const x = tf.randomNormal<tf.Rank.R4>([2, 8, 8, 3], 0, 1, 'float32', 1);
    const w1 = tf.randomNormal<tf.Rank.R4>([3, 3, 3, 8], 0, 0.5, 'float32', 2);
    const w2 = tf.randomNormal<tf.Rank.R4>([3, 3, 8, 4], 0, 0.5, 'float32', 3);
    const loss = (a: tf.Tensor, b: tf.Tensor) =>
      tf
        .conv2d(tf.relu(tf.conv2d(x, a as tf.Tensor4D, 1, 'same')), b as tf.Tensor4D, 1, 'same')
        .square()
        .sum();
    const ours = tf
      .grads(loss)([w1, w2])
      .map((g) => g.dataSync());
    // without the kernel, models/relu-grad.ts runs the formula
    const kernel = tf.getKernel(RELU_GRAD_KERNEL, 'tensorflow')!;
    tf.unregisterKernel(RELU_GRAD_KERNEL, 'tensorflow');
    const reference = tf
      .grads(loss)([w1, w2])
      .map((g) => g.dataSync());
    tf.registerKernel(kernel);
    ours.forEach((g, i) => expect(Array.from(g)).toEqual(Array.from(reference[i]!)));
    tf.dispose([x, w1, w2]);
  });
});
