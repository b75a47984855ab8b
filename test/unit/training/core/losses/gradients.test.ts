// Gradients: finite for every loss when the student has a dead (all-zero) channel or an all-zero
// image; zero on the dead channel for the normalised losses (safe-ops.ts convention); exact
// closed forms for CE and KD, including KD's T² factor; the custom normalisation gradient equal
// to autodiff of the plain formula on live channels.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  alignSpatial,
  atLoss,
  ceLoss,
  hintLoss,
  kdLoss,
  l2Normalize,
  nstLoss,
  stopGradient,
  type NstOptions,
} from '../../../../../src-main/training/core/losses';
import { reluFeatures, useTestBackend } from './helpers';

useTestBackend();

const DEAD = 2; // dead student channel in every image

/** Gradient of `loss` w.r.t. `x`, read back as numbers; the gradient tensor is disposed. */
function gradValues(loss: (x: tf.Tensor) => tf.Scalar, x: tf.Tensor): Float32Array {
  const g = tf.grad(loss)(x);
  const values = g.dataSync() as Float32Array;
  g.dispose();
  return values;
}

function expectAllFinite(values: Float32Array, what: string): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  expect(bad, `${what}: first non-finite gradient at ${bad}`).toBe(-1);
}

/** Gradient entries of channel `channel` in a flattened NHWC [.., C] gradient. */
function channelEntries(values: Float32Array, channels: number, channel: number): number[] {
  return Array.from(values).filter((_, i) => i % channels === channel);
}

describe('finite gradients with a dead student channel', () => {
  const nstKernels: NstOptions[] = [
    { kernel: 'linear' },
    { kernel: 'poly' },
    { kernel: 'poly', degree: 3, c: 1 },
    { kernel: 'gaussian' },
    { kernel: 'gaussian', sigma2: 0.5 },
  ];

  it('nst, every kernel and both poly forms: finite, zero on the dead channel, nonzero elsewhere', () => {
    // 4×4 with 6 + 8 channels uses the C×C poly form, 2×2 the HW×HW form.
    for (const [h, w] of [
      [4, 4],
      [2, 2],
    ] as const) {
      const s = reluFeatures([2, h, w, 6], 1, [DEAD]);
      const t = reluFeatures([2, h, w, 8], 2, [0]);
      for (const opts of nstKernels) {
        const g = gradValues((x) => nstLoss(x as tf.Tensor4D, t, opts), s);
        const what = `${JSON.stringify(opts)} ${h}×${w}`;
        expectAllFinite(g, what);
        expect(
          channelEntries(g, 6, DEAD).every((v) => v === 0),
          `${what}: dead channel`,
        ).toBe(true);
        expect(
          channelEntries(g, 6, 0).some((v) => v !== 0),
          `${what}: live channel`,
        ).toBe(true);
      }
      tf.dispose([s, t]);
    }
  });

  it('nst with an all-zero student: finite value and zero gradient', () => {
    const s = tf.zeros([2, 3, 3, 4]) as tf.Tensor4D;
    const t = reluFeatures([2, 3, 3, 5], 3);
    for (const opts of nstKernels) {
      const value = tf.tidy(() => nstLoss(s, t, opts).dataSync()[0]!);
      expect(Number.isFinite(value), JSON.stringify(opts)).toBe(true);
      expect(gradValues((x) => nstLoss(x as tf.Tensor4D, t, opts), s).every((v) => v === 0)).toBe(true);
    }
    tf.dispose([s, t]);
  });

  it('at (p = 1, 2, 3), with a dead channel and an all-zero image', () => {
    const s = tf.tidy(() => tf.concat([reluFeatures([1, 4, 4, 5], 4, [DEAD]), tf.zeros([1, 4, 4, 5])]) as tf.Tensor4D);
    const t = reluFeatures([2, 4, 4, 3], 5);
    for (const p of [1, 2, 3]) {
      const g = gradValues((x) => atLoss(x as tf.Tensor4D, t, { p }), s);
      expectAllFinite(g, `p = ${p}`);
      // p = 2 and 3: d|F|^p/dF = 0 at F = 0, so a dead channel and the zero image get no gradient.
      if (p > 1)
        expect(
          channelEntries(g, 5, DEAD).every((v) => v === 0),
          `p = ${p}: dead channel`,
        ).toBe(true);
      expect(
        g.slice(0, 80).some((v) => v !== 0),
        `p = ${p}: live image`,
      ).toBe(true);
    }
    tf.dispose([s, t]);
  });

  it('hint, and alignSpatial followed by at/nst', () => {
    const s = reluFeatures([2, 6, 6, 4], 6, [DEAD]);
    const t = reluFeatures([2, 4, 4, 4], 7);
    const t6 = reluFeatures([2, 6, 6, 4], 8);
    expectAllFinite(
      gradValues((x) => hintLoss(x as tf.Tensor4D, t6), s),
      'hint',
    );
    const aligned = (loss: (a: tf.Tensor4D, b: tf.Tensor4D) => tf.Scalar) => (x: tf.Tensor) => {
      const [a, b] = alignSpatial(x as tf.Tensor4D, t);
      return loss(a, b);
    };
    expectAllFinite(
      gradValues(
        aligned((a, b) => atLoss(a, b)),
        s,
      ),
      'align + at',
    );
    expectAllFinite(
      gradValues(
        aligned((a, b) => nstLoss(a, b, { kernel: 'gaussian' })),
        s,
      ),
      'align + nst',
    );
    tf.dispose([s, t, t6]);
  });

  it('ce and kd with extreme logits', () => {
    const z = tf.tensor2d([
      [80, -80, 0],
      [0, 0, 0],
    ]);
    const zt = tf.tensor2d([
      [-90, 90, 0],
      [1, 2, 3],
    ]);
    const y = tf.tensor1d([1, 2], 'int32');
    expectAllFinite(
      gradValues((x) => ceLoss(x as tf.Tensor2D, y), z),
      'ce',
    );
    for (const temperature of [1, 4]) {
      expectAllFinite(
        gradValues((x) => kdLoss(x as tf.Tensor2D, zt, { temperature }), z),
        `kd T=${temperature}`,
      );
    }
    tf.dispose([z, zt, y]);
  });
});

describe('closed-form gradients', () => {
  const zs = [
    [1.5, -0.3, 0.2, 2.0],
    [0.1, 0.4, -1.2, 0.0],
    [3.0, 1.0, -2.0, 0.5],
  ];
  const zt = [
    [2.5, 0.3, -0.7, 1.0],
    [-0.5, 1.4, 0.2, 0.9],
    [1.0, 2.0, -1.0, 0.0],
  ];
  const softmax = (row: number[], temperature: number): number[] => {
    const e = row.map((v) => Math.exp(v / temperature));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  };

  it('kd: ∂kd/∂z_S = T·(p_S − p_T)/B, so the T² factor keeps the gradient from shrinking as T grows', () => {
    const [s, t] = [tf.tensor2d(zs), tf.tensor2d(zt)];
    const norms: number[] = [];
    for (const temperature of [1, 4, 8]) {
      const g = gradValues((x) => kdLoss(x as tf.Tensor2D, t, { temperature }), s);
      const expected = zs.flatMap((row, b) => {
        const [pS, pT] = [softmax(row, temperature), softmax(zt[b]!, temperature)];
        return pS.map((v, k) => (temperature * (v - pT[k]!)) / zs.length);
      });
      expected.forEach((v, i) => expect(Math.abs(g[i]! - v), `T=${temperature} [${i}]`).toBeLessThanOrEqual(1e-6));
      norms.push(Math.hypot(...g));
    }
    // p_S − p_T shrinks like 1/T, so without T² (gradient (p_S − p_T)/(T·B)) the norm would fall
    // like 1/T²: 16× from T = 1 to 4. With it the gradient tends to a constant.
    expect(norms[1]! / norms[0]!).toBeGreaterThan(0.25);
    expect(norms[2]! / norms[1]!).toBeGreaterThan(0.5);
    tf.dispose([s, t]);
  });

  it('ce: ∂ce/∂z = (softmax(z) − onehot(y))/B', () => {
    const labels = [3, 0, 2];
    const [z, y] = [tf.tensor2d(zs), tf.tensor1d(labels, 'int32')];
    const g = gradValues((x) => ceLoss(x as tf.Tensor2D, y), z);
    const expected = zs.flatMap((row, b) => softmax(row, 1).map((p, k) => (p - (k === labels[b] ? 1 : 0)) / zs.length));
    expected.forEach((v, i) => expect(Math.abs(g[i]! - v)).toBeLessThanOrEqual(1e-6));
    tf.dispose([z, y]);
  });

  it('l2Normalize: custom gradient equals autodiff of x·rsqrt(max(Σx², ε²)) on live slices', () => {
    const x = tf.tensor3d([
      [
        [1, -2],
        [0.5, 3],
        [2, 0.25],
      ],
      [
        [0.1, 4],
        [-1, 1],
        [0.3, -0.2],
      ],
    ]); // [2, 3, 2]
    const w = tf.tensor3d([
      [
        [0.3, -1],
        [2, 0.7],
        [-0.4, 1.1],
      ],
      [
        [1, 0.5],
        [-2, 0.2],
        [0.9, 1.3],
      ],
    ]);
    const plain = (v: tf.Tensor): tf.Scalar => tf.sum(tf.mul(w, tf.mul(v, tf.rsqrt(tf.maximum(tf.sum(tf.square(v), 1, true), 1e-24)))));
    const custom = (v: tf.Tensor): tf.Scalar => tf.sum(tf.mul(w, l2Normalize(v, 1)));
    const [a, b] = [gradValues(custom, x), gradValues(plain, x)];
    b.forEach((v, i) => expect(Math.abs(a[i]! - v), `[${i}]`).toBeLessThanOrEqual(1e-6));
    expect(Math.abs(tf.tidy(() => custom(x).dataSync()[0]!) - tf.tidy(() => plain(x).dataSync()[0]!))).toBeLessThanOrEqual(1e-6);
    tf.dispose([x, w]);
  });

  it('l2Normalize: ε² = 1e-24 is a normal float32, so a zero slice maps to 0 (not 0·∞)', () => {
    expect(Math.fround(1e-24)).toBeGreaterThan(2 ** -126); // smallest normal float32
    const out = tf.tidy(() => l2Normalize(tf.zeros([1, 3, 2]), 1).dataSync());
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('stopGradient: identity forward, zero gradient', () => {
    const x = tf.tensor1d([1, 2, 3]);
    expect(tf.tidy(() => Array.from(stopGradient(x).dataSync()))).toEqual([1, 2, 3]);
    expect(Array.from(gradValues((v) => tf.sum(tf.mul(stopGradient(v), v)), x))).toEqual([1, 2, 3]);
    x.dispose();
  });
});
