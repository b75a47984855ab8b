// NST properties from docs/methods.md: zero when S = T for every kernel, invariance to rescaling a
// single channel, the C×C and HW×HW poly forms agreeing, MMD² ≥ 0, σ² held constant, C_T ≠ C_S,
// and clear errors for unusable inputs.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  choosePolyForm,
  nstLoss,
  polyMmdChannelForm,
  polyMmdPositionForm,
  selectivitySamples,
  type NstOptions,
} from '../../../../../src-main/training/core/losses';
import { expectClose, reluFeatures, scalarValue, scaleChannel, useTestBackend } from './helpers';

useTestBackend();

const KERNELS: NstOptions[] = [
  { kernel: 'linear' },
  { kernel: 'poly' },
  { kernel: 'poly', degree: 2, c: 0.7 },
  { kernel: 'poly', degree: 3, c: 1 },
  { kernel: 'gaussian' },
  { kernel: 'gaussian', sigma2: 0.5 },
];
const label = (o: NstOptions): string => JSON.stringify(o);

describe('nstLoss properties', () => {
  let student: tf.Tensor4D; // [2, 4, 5, 6], channel 2 dead
  let teacher: tf.Tensor4D; // [2, 4, 5, 9], channel 0 dead
  beforeAll(() => {
    student = reluFeatures([2, 4, 5, 6], 11, [2]);
    teacher = reluFeatures([2, 4, 5, 9], 12, [0]);
  });
  afterAll(() => tf.dispose([student, teacher]));

  it('is 0 for every kernel when S = T (dead channel included)', () => {
    for (const opts of KERNELS) {
      expect(Math.abs(scalarValue(() => nstLoss(teacher, teacher, opts))), label(opts)).toBeLessThanOrEqual(1e-6);
      // A per-channel rescaled copy is the same set of normalised samples.
      const rescaled = scaleChannel(teacher, 4, 37.5);
      expect(Math.abs(scalarValue(() => nstLoss(rescaled, teacher, opts))), `${label(opts)} rescaled`).toBeLessThanOrEqual(1e-6);
      rescaled.dispose();
    }
  });

  it('is invariant to rescaling a single student or teacher channel', () => {
    const s2 = scaleChannel(student, 1, 123.0);
    const t2 = scaleChannel(teacher, 5, 0.004);
    for (const opts of KERNELS) {
      const base = scalarValue(() => nstLoss(student, teacher, opts));
      expectClose(
        scalarValue(() => nstLoss(s2, teacher, opts)),
        base,
        `${label(opts)} student channel ×123`,
      );
      expectClose(
        scalarValue(() => nstLoss(student, t2, opts)),
        base,
        `${label(opts)} teacher channel ×0.004`,
      );
    }
    tf.dispose([s2, t2]);
  });

  it('gives MMD² > 0 for different inputs with C_T ≠ C_S', () => {
    for (const opts of KERNELS) {
      expect(
        scalarValue(() => nstLoss(student, teacher, opts)),
        label(opts),
      ).toBeGreaterThan(1e-4);
    }
  });

  it('never goes below 0 on signed random inputs (all kernels are positive definite)', () => {
    for (let seed = 0; seed < 4; seed++) {
      const s = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 100 + seed) as tf.Tensor4D;
      const t = tf.randomNormal([3, 3, 3, 7], 0, 1, 'float32', 200 + seed) as tf.Tensor4D;
      for (const opts of KERNELS) {
        expect(
          scalarValue(() => nstLoss(s, t, opts)),
          `${label(opts)} seed ${seed}`,
        ).toBeGreaterThanOrEqual(-1e-6);
      }
      tf.dispose([s, t]);
    }
  });
});

describe('poly kernel: C×C and HW×HW forms', () => {
  const shapes: Array<[string, [number, number, number], number, number]> = [
    ['HW < C', [3, 2, 2], 10, 7],
    ['HW > C', [2, 5, 6], 4, 6],
    ['HW = C', [2, 3, 3], 9, 9],
  ];
  for (const [name, [b, h, w], cS, cT] of shapes) {
    it(`agree (${name}) for c = 0 and c = 0.7`, () => {
      const s = reluFeatures([b, h, w, cS], 31, [1]);
      const t = reluFeatures([b, h, w, cT], 32);
      for (const c of [0, 0.7]) {
        const [channel, position] = tf.tidy(() => {
          const ts = selectivitySamples(t);
          const ss = selectivitySamples(s);
          return [tf.mean(polyMmdChannelForm(ts, ss, 2, c)), tf.mean(polyMmdPositionForm(ts, ss, c))];
        });
        expectClose(position.dataSync()[0], channel.dataSync()[0], `${name}, c = ${c}`);
        tf.dispose([channel, position]);
      }
      tf.dispose([s, t]);
    });
  }

  it('uses the form that holds fewer values, and the C×C form whenever d ≠ 2', () => {
    expect(choosePolyForm(64, 64, 32 * 32, 2)).toBe('channel'); // 12,288 vs 1,048,576
    expect(choosePolyForm(64, 64, 8 * 8, 2)).toBe('position'); // 12,288 vs 4,096
    expect(choosePolyForm(16, 16, 32 * 32, 2)).toBe('channel');
    expect(choosePolyForm(256, 512, 4 * 4, 2)).toBe('position');
    expect(choosePolyForm(256, 512, 4 * 4, 3)).toBe('channel');
    expect(choosePolyForm(256, 512, 4 * 4, 1)).toBe('channel');
  });
});

describe('gaussian kernel bandwidth', () => {
  it('automatic σ² is a constant: same gradient as the same σ² fixed by hand', () => {
    const s = reluFeatures([1, 3, 4, 5], 41, [3]);
    const t = reluFeatures([1, 3, 4, 6], 42, [1]);
    // σ² by hand: mean of ‖a − b‖² over all ordered pairs of the pooled normalised samples.
    const pooled = tf.tidy(
      () =>
        tf
          .concat([selectivitySamples(t), selectivitySamples(s)], 2)
          .squeeze([0])
          .transpose()
          .arraySync() as number[][],
    );
    let total = 0;
    for (const a of pooled) for (const b of pooled) total += a.reduce((acc, v, i) => acc + (v - b[i]!) ** 2, 0);
    const sigma2 = total / pooled.length ** 2;

    expectClose(
      scalarValue(() => nstLoss(s, t, { kernel: 'gaussian' })),
      scalarValue(() => nstLoss(s, t, { kernel: 'gaussian', sigma2 })),
      'value',
    );
    const auto = tf.grad((x: tf.Tensor) => nstLoss(x as tf.Tensor4D, t, { kernel: 'gaussian' }))(s);
    const fixed = tf.grad((x: tf.Tensor) => nstLoss(x as tf.Tensor4D, t, { kernel: 'gaussian', sigma2 }))(s);
    const [a, f] = [auto.dataSync(), fixed.dataSync()];
    const scale = Math.max(...Array.from(f, Math.abs));
    expect(scale).toBeGreaterThan(0);
    f.forEach((v, i) => expect(Math.abs(a[i]! - v), `grad[${i}]`).toBeLessThanOrEqual(1e-4 * scale));
    tf.dispose([s, t, auto, fixed]);
  });

  it('an all-zero pair (every distance 0) gives 0, not 0/0', () => {
    const zeros = tf.zeros([2, 3, 3, 4]) as tf.Tensor4D;
    expect(scalarValue(() => nstLoss(zeros, zeros, { kernel: 'gaussian' }))).toBe(0);
    zeros.dispose();
  });
});

describe('nstLoss input errors', () => {
  const s = (): tf.Tensor4D => tf.zeros([2, 8, 8, 4]) as tf.Tensor4D;
  it('names both spatial sizes and points at alignSpatial', () => {
    const [a, b] = [s(), tf.zeros([2, 16, 16, 4]) as tf.Tensor4D];
    expect(() => nstLoss(a, b, { kernel: 'poly' })).toThrow(
      'nstLoss: student and teacher spatial sizes differ (8×8 vs 16×16); align them first with alignSpatial',
    );
    tf.dispose([a, b]);
  });
  it('rejects other batch sizes, ranks, kernels and parameters', () => {
    const a = s();
    const b = tf.zeros([3, 8, 8, 4]) as tf.Tensor4D;
    const flat = tf.zeros([2, 64]);
    expect(() => nstLoss(a, b, { kernel: 'poly' })).toThrow('batch sizes differ (2 vs 3)');
    expect(() => nstLoss(flat as unknown as tf.Tensor4D, a, { kernel: 'poly' })).toThrow('student must be rank 4 [B, H, W, C], got shape [2, 64]');
    expect(() => nstLoss(a, a, { kernel: 'rbf' as never })).toThrow("unknown kernel 'rbf'; use one of linear, poly, gaussian");
    expect(() => nstLoss(a, a, { kernel: 'poly', degree: 2.5 })).toThrow('degree must be a positive integer (got 2.5)');
    expect(() => nstLoss(a, a, { kernel: 'poly', c: Number.NaN })).toThrow('c must be a finite number');
    expect(() => nstLoss(a, a, { kernel: 'gaussian', sigma2: 0 })).toThrow('sigma2 must be a finite number > 0');
    tf.dispose([a, b, flat]);
  });
});
