// Agreement with the independent float64 reference (test/fixtures/losses/reference.py): every
// loss within 1e-5 relative, or 1e-6 absolute near zero, on inputs with ReLU zeros, all-zero
// channels, C_T ≠ C_S, non-square maps and several kernels.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { alignSpatial, atLoss, ceLoss, hintLoss, kdLoss, nstLoss, type NstOptions } from '../../../../../src-main/training/core/losses';
import { ABS_TOL, expectClose, loadFixture, REL_TOL, scalarValue, toTensor, type TensorJson, useTestBackend } from './helpers';

useTestBackend();

interface Case {
  name: string;
  expected: number;
}

describe('losses agree with the float64 reference', () => {
  it('ce', () => {
    const { cases } = loadFixture<{ cases: Array<Case & { logits: TensorJson; labels: TensorJson }> }>('ce.json');
    for (const c of cases) {
      const [z, y] = [toTensor<tf.Tensor2D>(c.logits), toTensor<tf.Tensor1D>(c.labels)];
      expectClose(
        scalarValue(() => ceLoss(z, y)),
        c.expected,
        c.name,
      );
      tf.dispose([z, y]);
    }
  });

  it('kd (T = 1, 2.5, 4, large logits)', () => {
    const { cases } = loadFixture<{ cases: Array<Case & { student: TensorJson; teacher: TensorJson; temperature: number }> }>('kd.json');
    for (const c of cases) {
      const [s, t] = [toTensor<tf.Tensor2D>(c.student), toTensor<tf.Tensor2D>(c.teacher)];
      expectClose(
        scalarValue(() => kdLoss(s, t, { temperature: c.temperature })),
        c.expected,
        c.name,
      );
      tf.dispose([s, t]);
    }
  });

  it('at (p = 2, 1, 3; dead channels; an all-zero student image)', () => {
    const { cases } = loadFixture<{ cases: Array<Case & { student: TensorJson; teacher: TensorJson; p: number }> }>('at.json');
    for (const c of cases) {
      const [s, t] = [toTensor<tf.Tensor4D>(c.student), toTensor<tf.Tensor4D>(c.teacher)];
      expectClose(
        scalarValue(() => atLoss(s, t, { p: c.p })),
        c.expected,
        c.name,
      );
      tf.dispose([s, t]);
    }
  });

  it('nst (linear, poly d = 1…4 with c, gaussian auto and fixed σ²; both poly forms)', () => {
    const fixture = loadFixture<{
      inputs: Array<{ student: TensorJson; teacher: TensorJson }>;
      cases: Array<Case & { input: number; options: NstOptions }>;
    }>('nst.json');
    const pairs = fixture.inputs.map((i) => [toTensor<tf.Tensor4D>(i.student), toTensor<tf.Tensor4D>(i.teacher)] as const);
    expect(fixture.cases.length).toBeGreaterThanOrEqual(30);
    for (const c of fixture.cases) {
      const [s, t] = pairs[c.input]!;
      expectClose(
        scalarValue(() => nstLoss(s, t, c.options)),
        c.expected,
        c.name,
      );
    }
    tf.dispose(pairs.flat());
  });

  it('hint', () => {
    const { cases } = loadFixture<{ cases: Array<Case & { student: TensorJson; teacher: TensorJson }> }>('hint.json');
    for (const c of cases) {
      const [s, t] = [toTensor<tf.Tensor4D>(c.student), toTensor<tf.Tensor4D>(c.teacher)];
      expectClose(
        scalarValue(() => hintLoss(s, t)),
        c.expected,
        c.name,
      );
      tf.dispose([s, t]);
    }
  });

  it('alignSpatial (2×, non-integer, mixed axes, same size)', () => {
    const { cases } = loadFixture<{
      cases: Array<{ name: string; student: TensorJson; teacher: TensorJson; expectedStudent: TensorJson; expectedTeacher: TensorJson }>;
    }>('align.json');
    for (const c of cases) {
      const [s, t] = [toTensor<tf.Tensor4D>(c.student), toTensor<tf.Tensor4D>(c.teacher)];
      const [as, at] = alignSpatial(s, t);
      for (const [got, want, side] of [
        [as, c.expectedStudent, 'student'],
        [at, c.expectedTeacher, 'teacher'],
      ] as const) {
        expect(got.shape, `${c.name}: ${side} shape`).toEqual(want.shape);
        const values = got.dataSync();
        want.data.forEach((v, i) => {
          expect(Math.abs(values[i]! - v), `${c.name}: ${side}[${i}]`).toBeLessThanOrEqual(Math.max(REL_TOL * Math.abs(v), ABS_TOL));
        });
      }
      tf.dispose([s, t, as, at]);
    }
  });
});
