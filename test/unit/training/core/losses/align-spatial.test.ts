// alignSpatial (docs/methods.md "Layer pairs"): integer ratios average-pool,
// other ratios resize bilinearly (half-pixel centres), equal sizes pass through; the resize's
// gradient matches its forward pass (tfjs's own cpu ResizeBilinearGrad does not for half-pixel
// centres, which is why the resize is built from matMuls).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { alignSpatial, resizeBilinear } from '../../../../../src-main/training/core/losses';
import { useTestBackend } from './helpers';

useTestBackend();

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('alignSpatial', () => {
  it('2×: average-pools the larger map over 2×2 blocks and leaves the smaller one as is', () => {
    // One channel, 4×4 student: 0..15 row-major; the 2×2 block means are hand-computed.
    const student = tf.tensor4d(
      Array.from({ length: 16 }, (_, i) => i),
      [1, 4, 4, 1],
    );
    const teacher = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]);
    const [s, t] = alignSpatial(student, teacher);
    expect(s.shape).toEqual([1, 2, 2, 1]);
    expect(values(s)).toEqual([2.5, 4.5, 10.5, 12.5]);
    expect(t.shape).toEqual([1, 2, 2, 2]);
    expect(values(t)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // The teacher output is a new tensor: disposing it leaves the input usable.
    expect(t).not.toBe(teacher);
    tf.dispose([s, t]);
    expect(values(teacher)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    tf.dispose([student, teacher]);
  });

  it('non-integer ratio (3 → 2): bilinear with half-pixel centres, hand-computed', () => {
    // Rows sample input coordinates (0 + ½)·1.5 − ½ = 0.25 and (1 + ½)·1.5 − ½ = 1.75:
    // 0.75·0 + 0.25·4 = 1 and 0.25·4 + 0.75·8 = 7.
    const teacher = tf.tensor4d([0, 4, 8], [1, 3, 1, 1]);
    const student = tf.zeros([1, 2, 1, 3]) as tf.Tensor4D;
    const [s, t] = alignSpatial(student, teacher);
    expect(t.shape).toEqual([1, 2, 1, 1]);
    values(t).forEach((v, i) => expect(v).toBeCloseTo([1, 7][i]!, 6));
    expect(s.shape).toEqual([1, 2, 1, 3]);
    tf.dispose([s, t, student, teacher]);
  });

  it('shrinks each axis to the smaller size, so mixed cases change both maps', () => {
    const student = tf.zeros([2, 8, 5, 3]) as tf.Tensor4D;
    const teacher = tf.zeros([2, 4, 7, 6]) as tf.Tensor4D;
    const [s, t] = alignSpatial(student, teacher);
    expect(s.shape).toEqual([2, 4, 5, 3]);
    expect(t.shape).toEqual([2, 4, 5, 6]);
    tf.dispose([s, t, student, teacher]);
  });

  it('keeps constants constant and means exact under bilinear resizing', () => {
    const x = tf.fill([2, 7, 5, 3], 2.5) as tf.Tensor4D;
    const y = resizeBilinear(x, 3, 4);
    expect(y.shape).toEqual([2, 3, 4, 3]);
    values(y).forEach((v) => expect(v).toBeCloseTo(2.5, 6));
    tf.dispose([x, y]);
  });

  it('bilinear gradient matches the forward pass (a linear map: f(x + v) − f(x) = ⟨∇⟨w, f⟩, v⟩)', () => {
    const x = tf.randomNormal([2, 7, 5, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const v = tf.randomNormal([2, 7, 5, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const w = tf.randomNormal([2, 3, 4, 3], 0, 1, 'float32', 3);
    const objective = (t: tf.Tensor): tf.Scalar => tf.sum(tf.mul(w, resizeBilinear(t as tf.Tensor4D, 3, 4)));
    const g = tf.grad(objective)(x);
    const predicted = tf.tidy(() => tf.sum(tf.mul(g, v)).dataSync()[0]!);
    const actual = tf.tidy(() => objective(tf.add(x, v)).dataSync()[0]! - objective(x).dataSync()[0]!);
    expect(Math.abs(predicted - actual)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(actual)));
    tf.dispose([x, v, w, g]);
  });

  it('rejects different batch sizes and other ranks', () => {
    const a = tf.zeros([2, 4, 4, 3]) as tf.Tensor4D;
    const b = tf.zeros([3, 2, 2, 3]) as tf.Tensor4D;
    const c = tf.zeros([2, 4, 4]);
    expect(() => alignSpatial(a, b)).toThrow('alignSpatial: student and teacher batch sizes differ (2 vs 3)');
    expect(() => alignSpatial(a, c as unknown as tf.Tensor4D)).toThrow('teacher must be rank 4 [B, H, W, C], got shape [2, 4, 4]');
    tf.dispose([a, b, c]);
  });
});
