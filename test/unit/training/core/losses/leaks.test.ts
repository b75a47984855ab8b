// No tensor leaks: every loss, called outside any tidy, adds exactly its returned scalar to
// tf.memory().numTensors, also when a gradient is taken through it (saved tensors of the custom
// gradients are released after backprop).
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignSpatial, atLoss, ceLoss, getLoss, hintLoss, kdLoss, nstLoss, type NstOptions } from '../../../../../src-main/training/core/losses';
import { reluFeatures, useTestBackend } from './helpers';

useTestBackend();

describe('tensor bookkeeping', () => {
  let z: tf.Tensor2D;
  let zt: tf.Tensor2D;
  let y: tf.Tensor1D;
  let s: tf.Tensor4D; // [2, 4, 4, 3], dead channel 1
  let t: tf.Tensor4D; // [2, 4, 4, 5]
  let big: tf.Tensor4D; // [2, 6, 6, 3]
  let odd: tf.Tensor4D; // [2, 5, 6, 3]
  let tinyS: tf.Tensor4D; // [2, 2, 2, 3]: HW×HW poly form
  let tinyT: tf.Tensor4D; // [2, 2, 2, 5]
  beforeAll(() => {
    z = tf.randomNormal([3, 4], 0, 1, 'float32', 1) as tf.Tensor2D;
    zt = tf.randomNormal([3, 4], 0, 1, 'float32', 2) as tf.Tensor2D;
    y = tf.tensor1d([0, 3, 1], 'int32');
    s = reluFeatures([2, 4, 4, 3], 3, [1]);
    t = reluFeatures([2, 4, 4, 5], 4);
    big = reluFeatures([2, 6, 6, 3], 5);
    odd = reluFeatures([2, 5, 6, 3], 6);
    tinyS = reluFeatures([2, 2, 2, 3], 7);
    tinyT = reluFeatures([2, 2, 2, 5], 8);
  });
  afterAll(() => tf.dispose([z, zt, y, s, t, big, odd, tinyS, tinyT]));

  const nstKernels: NstOptions[] = [
    { kernel: 'linear' },
    { kernel: 'poly' },
    { kernel: 'poly', degree: 3, c: 1 },
    { kernel: 'gaussian' },
    { kernel: 'gaussian', sigma2: 1 },
  ];
  const calls: Array<[string, () => tf.Scalar]> = [
    ['ce', () => ceLoss(z, y)],
    ['kd', () => kdLoss(z, zt, { temperature: 4 })],
    ['at', () => atLoss(s, t)],
    ['at p=1', () => atLoss(s, t, { p: 1 })],
    ['hint', () => hintLoss(s, s)],
    ...nstKernels.map((o): [string, () => tf.Scalar] => [`nst ${JSON.stringify(o)}`, () => nstLoss(s, t, o)]),
    ['nst poly HW×HW form', () => nstLoss(tinyS, tinyT, { kernel: 'poly' })],
    ['registry nst', () => getLoss('nst')({ student: s, teacher: t })],
  ];

  it('each loss leaves only its result', () => {
    for (const [name, call] of calls) {
      const before = tf.memory().numTensors;
      const out = call();
      expect(tf.memory().numTensors, name).toBe(before + 1);
      out.dispose();
      expect(tf.memory().numTensors, name).toBe(before);
    }
  });

  it('each loss leaves nothing behind after a gradient through it', () => {
    const grads: Array<[string, () => tf.Tensor]> = [
      ['ce', () => tf.grad((x: tf.Tensor) => ceLoss(x as tf.Tensor2D, y))(z)],
      ['kd', () => tf.grad((x: tf.Tensor) => kdLoss(x as tf.Tensor2D, zt, { temperature: 4 }))(z)],
      ['at', () => tf.grad((x: tf.Tensor) => atLoss(x as tf.Tensor4D, t))(s)],
      ['hint', () => tf.grad((x: tf.Tensor) => hintLoss(x as tf.Tensor4D, s))(s)],
      ...nstKernels.map((o): [string, () => tf.Tensor] => [`nst ${JSON.stringify(o)}`, () => tf.grad((x: tf.Tensor) => nstLoss(x as tf.Tensor4D, t, o))(s)]),
    ];
    for (const [name, grad] of grads) {
      const before = tf.memory().numTensors;
      const g = grad();
      expect(tf.memory().numTensors, name).toBe(before + 1);
      g.dispose();
      expect(tf.memory().numTensors, name).toBe(before);
    }
  });

  it('alignSpatial returns two new tensors and nothing else, in every branch', () => {
    // avgPool, pass-through, bilinear
    for (const [a, b] of [
      [big, tinyT],
      [s, t],
      [odd, s],
    ] as const) {
      const before = tf.memory().numTensors;
      const out = alignSpatial(a, b);
      expect(tf.memory().numTensors).toBe(before + 2);
      tf.dispose(out);
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
