// Similarity-preserving KD (losses/sp.ts) against the independent float64 reference
// (test/fixtures/losses/sp_reference.py): maps of different sizes and channels, an all-zero
// image, a batch of two; plus its defining properties and its registry entry.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { getLoss, spLoss } from '../../../../../src-main/training/core/losses';
import { plainSp } from '../../../../../src-main/training/core/losses/plain/plain-losses';
import { expectClose, loadFixture, reluFeatures, scalarValue, toTensor, type TensorJson, useTestBackend } from './helpers';

useTestBackend();

describe('spLoss', () => {
  it('agrees with the float64 reference', () => {
    const { cases } = loadFixture<{ cases: Array<{ name: string; student: TensorJson; teacher: TensorJson; expected: number }> }>('sp.json');
    expect(cases).toHaveLength(4);
    for (const c of cases) {
      const [s, t] = [toTensor<tf.Tensor4D>(c.student), toTensor<tf.Tensor4D>(c.teacher)];
      expectClose(
        scalarValue(() => spLoss(s, t)),
        c.expected,
        c.name,
      );
      tf.dispose([s, t]);
    }
  });

  it('is 0 for the same maps, invariant to scaling an image, and equals its plain form with gradients', () => {
    const s = reluFeatures([4, 3, 3, 5], 51);
    const t = reluFeatures([4, 2, 2, 7], 52);
    expect(scalarValue(() => spLoss(s, s))).toBe(0);
    // scaling one image scales its row and column of G; the row normalisation undoes the row only,
    // so the loss changes, but scaling the whole batch leaves every normalised row as it was
    expectClose(
      scalarValue(() => spLoss(tf.mul(s, 3.5) as tf.Tensor4D, t)),
      scalarValue(() => spLoss(s, t)),
      'batch scale',
    );
    expectClose(
      scalarValue(() => spLoss(s, t)),
      scalarValue(() => plainSp(s, t)),
      'plain',
    );
    const [g, gPlain] = [tf.grad((x: tf.Tensor) => spLoss(x as tf.Tensor4D, t))(s), tf.grad((x: tf.Tensor) => plainSp(x as tf.Tensor4D, t))(s)];
    expect(tf.max(tf.abs(tf.sub(g, gPlain))).dataSync()[0]! / tf.max(tf.abs(gPlain)).dataSync()[0]!).toBeLessThan(1e-4);
    tf.dispose([s, t, g, gPlain]);
  });

  it('is registered under its method name and refuses options and mismatched batches', () => {
    const s = reluFeatures([3, 2, 2, 2], 53);
    const t = reluFeatures([2, 2, 2, 2], 54);
    expect(() => getLoss('sp')({ student: s, teacher: s }, { gamma: 1 })).toThrow("sp: unknown option 'gamma'; it takes no options");
    expect(() => spLoss(s, t)).toThrow('spLoss: student and teacher batch sizes differ (3 vs 2)');
    tf.dispose([s, t]);
  });
});
