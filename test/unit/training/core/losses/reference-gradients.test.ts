// Gradients of the feature losses against the independent float64 reference: central differences
// of reference.py's formulas (gradients.json), for every NST kernel on both poly forms (the
// written-out C×C and Gaussian gradients of nst-grams.ts / nst-gaussian.ts, the linear kernel's
// of nst-mean.ts, autodiff of the HW×HW form) and for AT with p = 1, 2, 3. Inputs have ReLU
// zeros, dead channels, an all-zero image, C_T ≠ C_S and non-square maps. Dead channels (NST)
// and all-zero attention maps (AT) must get exactly 0, the convention where no derivative exists.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { atLoss, nstLoss, type NstOptions } from '../../../../../src-main/training/core/losses';
import { loadFixture, toTensor, type TensorJson, useTestBackend } from './helpers';

useTestBackend();

interface GradientCase {
  name: string;
  loss: 'nst' | 'at';
  options: Record<string, unknown>;
  student: TensorJson;
  teacher: TensorJson;
  expected: { shape: number[]; data: number[] };
}

/**
 * Agreement required of the float32 gradient: 2e-6 of the largest |expected| entry of the case,
 * plus 1e-7. Central differences in double are good to about 1e-9 here, so the tolerance is
 * float32 rounding through the normalisations and kernel matrices (every case passes at 3e-7).
 */
const REL_TO_MAX = 2e-6;
const FLOOR = 1e-7;

const cases = loadFixture<{ cases: GradientCase[] }>('gradients.json').cases;

/**
 * Entries of the student [B, H, W, C] in an all-zero channel of their image (NST) or in an
 * all-zero image (AT: its attention map is zero): the convention's exact zeros.
 */
function deadEntries(c: GradientCase): boolean[] {
  const [b, h, w, ch] = c.student.shape as [number, number, number, number];
  const x = c.student.data;
  const at = (n: number, p: number, k: number) => x[(n * h * w + p) * ch + k]!;
  const dead = new Array<boolean>(x.length).fill(false);
  for (let n = 0; n < b; n++) {
    for (let k = 0; k < ch; k++) {
      let zero = true;
      for (let p = 0; p < h * w && zero; p++) zero = at(n, p, k) === 0;
      if (zero && c.loss === 'nst') for (let p = 0; p < h * w; p++) dead[(n * h * w + p) * ch + k] = true;
    }
    const image = x.slice(n * h * w * ch, (n + 1) * h * w * ch);
    if (c.loss === 'at' && image.every((v) => v === 0)) image.forEach((_, i) => (dead[n * h * w * ch + i] = true));
  }
  return dead;
}

describe('loss gradients agree with float64 central differences', () => {
  it('covers every NST kernel on three inputs and AT with p = 1, 2, 3', () => {
    expect(cases.filter((c) => c.loss === 'nst')).toHaveLength(27);
    expect(cases.filter((c) => c.loss === 'at')).toHaveLength(3);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const s = toTensor<tf.Tensor4D>(c.student);
    const t = toTensor<tf.Tensor4D>(c.teacher);
    const loss = (x: tf.Tensor) =>
      c.loss === 'nst' ? nstLoss(x as tf.Tensor4D, t, c.options as unknown as NstOptions) : atLoss(x as tf.Tensor4D, t, c.options);
    const g = tf.grad(loss)(s);
    const got = g.dataSync();
    tf.dispose([s, t, g]);
    const want = c.expected.data;
    expect(got.length).toBe(want.length);
    const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(scale, 'a case whose gradient is all zero checks nothing').toBeGreaterThan(0);
    const tol = REL_TO_MAX * scale + FLOOR;
    let worst = 0;
    let at = -1;
    const dead = deadEntries(c);
    want.forEach((v, i) => {
      if (dead[i]) expect(Math.abs(got[i]!), `${c.name}: entry ${i} has no derivative and must get exactly 0`).toBe(0);
      const err = Math.abs(got[i]! - v);
      if (err > worst) [worst, at] = [err, i];
    });
    expect(worst, `${c.name}: worst |Δ| ${worst} at entry ${at} (got ${got[at]}, want ${want[at]}), tolerance ${tol}`).toBeLessThanOrEqual(tol);
  });
});
