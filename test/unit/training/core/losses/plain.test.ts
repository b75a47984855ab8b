// The optimised losses (custom gradients, fused and C×C / HW×HW forms) against their plain
// autodiff definitions (losses/plain/plain-losses.ts): the same values to 1e-5 relative and the
// same student gradients to 1e-4 of their largest entry, on ReLU features with C_T ≠ C_S,
// non-square maps, every NST kernel and both poly forms.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { atLoss, ceLoss, choosePolyForm, hintLoss, kdLoss, nstLoss, type NstOptions } from '../../../../../src-main/training/core/losses';
import { plainAt, plainCe, plainHint, plainKd, plainNst } from '../../../../../src-main/training/core/losses/plain/plain-losses';
import { expectClose, reluFeatures, scalarValue, useTestBackend } from './helpers';

useTestBackend();

/** Value and gradient of two losses of the same student tensor agree. */
function expectSame(optimised: (x: tf.Tensor) => tf.Scalar, plain: (x: tf.Tensor) => tf.Scalar, x: tf.Tensor, what: string): void {
  expectClose(
    scalarValue(() => optimised(x)),
    scalarValue(() => plain(x)),
    what,
  );
  const [gOpt, gPlain] = [tf.grad(optimised)(x), tf.grad(plain)(x)];
  const scale = tf.max(tf.abs(gPlain)).dataSync()[0]!;
  const gap = tf.max(tf.abs(tf.sub(gOpt, gPlain))).dataSync()[0]!;
  expect(scale, `${what}: a gradient to compare`).toBeGreaterThan(0);
  expect(gap / scale, `${what}: gradient`).toBeLessThan(1e-4);
  tf.dispose([gOpt, gPlain]);
}

describe('optimised losses equal their plain definitions', () => {
  it('ce and kd on the logits', () => {
    const s = tf.randomNormal([6, 5], 0, 2, 'float32', 11) as tf.Tensor2D;
    const t = tf.randomNormal([6, 5], 0, 2, 'float32', 12) as tf.Tensor2D;
    const y = tf.tensor1d([0, 4, 2, 1, 3, 3], 'int32');
    expectSame(
      (x) => ceLoss(x as tf.Tensor2D, y),
      (x) => plainCe(x as tf.Tensor2D, y),
      s,
      'ce',
    );
    for (const T of [1, 4])
      expectSame(
        (x) => kdLoss(x as tf.Tensor2D, t, { temperature: T }),
        (x) => plainKd(x as tf.Tensor2D, t, T),
        s,
        `kd T=${T}`,
      );
  });

  it('at (p = 2 and 3) and hint on feature maps', () => {
    const s = reluFeatures([2, 5, 3, 4], 21);
    const t = reluFeatures([2, 5, 3, 6], 22);
    for (const p of [2, 3])
      expectSame(
        (x) => atLoss(x as tf.Tensor4D, t, { p }),
        (x) => plainAt(x as tf.Tensor4D, t, p),
        s,
        `at p=${p}`,
      );
    const same = reluFeatures([2, 5, 3, 4], 23);
    expectSame(
      (x) => hintLoss(x as tf.Tensor4D, same),
      (x) => plainHint(x as tf.Tensor4D, same),
      s,
      'hint',
    );
  });

  const cases: Array<[string, NstOptions]> = [
    ['linear', { kernel: 'linear' }],
    ['poly d=2 c=0', { kernel: 'poly', degree: 2, c: 0 }],
    ['poly d=2 c=0.5', { kernel: 'poly', degree: 2, c: 0.5 }],
    ['poly d=3 c=1', { kernel: 'poly', degree: 3, c: 1 }],
    ['gaussian σ² automatic', { kernel: 'gaussian' }],
    ['gaussian σ² = 0.7', { kernel: 'gaussian', sigma2: 0.7 }],
  ];

  it('nst, every kernel, where the poly form is HW×HW (few positions, many channels)', () => {
    const s = reluFeatures([2, 3, 2, 12], 31);
    const t = reluFeatures([2, 3, 2, 16], 32);
    expect(choosePolyForm(16, 12, 6, 2)).toBe('position');
    for (const [name, o] of cases)
      expectSame(
        (x) => nstLoss(x as tf.Tensor4D, t, o),
        (x) => plainNst(x as tf.Tensor4D, t, o),
        s,
        `nst ${name}`,
      );
  });

  it('nst, every kernel, where the poly form is C×C (many positions, few channels)', () => {
    const s = reluFeatures([2, 6, 5, 3], 41);
    const t = reluFeatures([2, 6, 5, 4], 42);
    expect(choosePolyForm(4, 3, 30, 2)).toBe('channel');
    for (const [name, o] of cases)
      expectSame(
        (x) => nstLoss(x as tf.Tensor4D, t, o),
        (x) => plainNst(x as tf.Tensor4D, t, o),
        s,
        `nst ${name}`,
      );
  });
});
