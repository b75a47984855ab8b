// Optimizers against hand-computed PyTorch updates (torch.optim.SGD / Adam formulas written out
// for scalars here), and exact state round trips for resume.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectTestBackend } from '../../../helpers/test-backend';
import { createOptimizer } from '../../../../src-main/training/core/optimizers';

beforeAll(async () => {
  await selectTestBackend();
});

const cfg = (over: object) => ({ name: 'sgd' as const, learningRate: 0.1, momentum: 0.9, nesterov: false, weightDecay: 0, ...over });

describe('SGD (PyTorch semantics)', () => {
  it('momentum with weight decay: v ← μv + (g + wd·w), w ← w − lr·v', () => {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const opt = createOptimizer(cfg({ weightDecay: 0.01 }), [w]);
    // step 1: g = [0.5, 0.5] → g' = [0.51, 0.48]; v = g'; w = [1 − 0.051, −2 − 0.048]
    opt.step([tf.tensor1d([0.5, 0.5])], 0.1);
    let v = [0.51, 0.48];
    let ww = [1 - 0.1 * 0.51, -2 - 0.1 * 0.48];
    expect(Array.from(w.dataSync())).toEqual(ww.map((x) => expect.closeTo(x, 6)));
    // step 2 at lr 0.05: g = [0.1, −0.3]
    const g2 = [0.1 + 0.01 * ww[0]!, -0.3 + 0.01 * ww[1]!];
    v = v.map((vi, i) => 0.9 * vi + g2[i]!);
    ww = ww.map((x, i) => x - 0.05 * v[i]!);
    opt.step([tf.tensor1d([0.1, -0.3])], 0.05);
    expect(Array.from(w.dataSync())).toEqual(ww.map((x) => expect.closeTo(x, 6)));
  });

  it('nesterov: w ← w − lr·(g + μ·v)', () => {
    const w = tf.variable(tf.scalar(1));
    const opt = createOptimizer(cfg({ nesterov: true }), [w]);
    opt.step([tf.scalar(2)], 0.1); // v = 2, w = 1 − 0.1·(2 + 1.8) = 0.62
    expect(w.dataSync()[0]).toBeCloseTo(0.62, 6);
    opt.step([tf.scalar(1)], 0.1); // v = 2.8, w = 0.62 − 0.1·(1 + 2.52) = 0.268
    expect(w.dataSync()[0]).toBeCloseTo(0.268, 6);
  });
});

describe('Adam (PyTorch semantics, L2 not decoupled)', () => {
  it('matches the bias-corrected update for two steps', () => {
    const w = tf.variable(tf.scalar(0.5));
    const opt = createOptimizer(cfg({ name: 'adam', weightDecay: 0.1 }), [w]);
    let m = 0;
    let v = 0;
    let x = 0.5;
    for (const [t, g0] of [
      [1, 0.2],
      [2, -0.4],
    ] as const) {
      const g = g0 + 0.1 * x;
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      x -= (0.01 * (m / (1 - 0.9 ** t))) / (Math.sqrt(v / (1 - 0.999 ** t)) + 1e-8);
      opt.step([tf.scalar(g0)], 0.01);
      expect(w.dataSync()[0]).toBeCloseTo(x, 6);
    }
  });
});

describe('optimizer state', () => {
  it('restores exactly: a resumed optimizer takes the same next step', () => {
    const a = tf.variable(tf.tensor1d([1, 2, 3]));
    const b = tf.variable(tf.tensor1d([1, 2, 3]));
    const optA = createOptimizer(cfg({ name: 'adam' }), [a]);
    optA.step([tf.tensor1d([0.3, -0.1, 0.2])], 0.01);
    b.assign(a);
    const optB = createOptimizer(cfg({ name: 'adam' }), [b]);
    optB.setState(optA.getState());
    optA.step([tf.tensor1d([0.1, 0.1, -0.5])], 0.01);
    optB.step([tf.tensor1d([0.1, 0.1, -0.5])], 0.01);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  });

  it('refuses state of another model with a clear message', () => {
    const opt = createOptimizer(cfg({}), [tf.variable(tf.scalar(1)), tf.variable(tf.scalar(2))]);
    expect(() => opt.setState([tf.scalar(0), tf.scalar(1)])).toThrow(/holds 1 tensors, the model needs 2/);
  });
});
