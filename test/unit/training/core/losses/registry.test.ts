// The loss registry: names match the run-config methods, every entry equals the direct call with
// the documented defaults, options are checked by name and type, and input errors are readable.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atLoss, ceLoss, getLoss, hintLoss, kdLoss, LOSS_NAMES, LOSS_REGISTRY, LossInputError, nstLoss } from '../../../../../src-main/training/core/losses';
import { METHOD_NAMES } from '../../../../../shared/methods';
import { reluFeatures, scalarValue, useTestBackend } from './helpers';

useTestBackend();

describe('LOSS_REGISTRY / getLoss', () => {
  let logitsS: tf.Tensor2D;
  let logitsT: tf.Tensor2D;
  let labels: tf.Tensor1D;
  let featS: tf.Tensor4D;
  let featT: tf.Tensor4D;
  beforeAll(() => {
    logitsS = tf.randomNormal([4, 5], 0, 2, 'float32', 1) as tf.Tensor2D;
    logitsT = tf.randomNormal([4, 5], 0, 2, 'float32', 2) as tf.Tensor2D;
    labels = tf.tensor1d([0, 4, 2, 1], 'int32');
    featS = reluFeatures([2, 4, 4, 3], 3);
    featT = reluFeatures([2, 4, 4, 5], 4);
  });
  afterAll(() => tf.dispose([logitsS, logitsT, labels, featS, featT]));

  it('knows exactly the methods a run config term may name', () => {
    expect(LOSS_NAMES).toEqual(['ce', 'kd', 'at', 'nst', 'hint', 'sp']);
    expect([...METHOD_NAMES].sort()).toEqual([...LOSS_NAMES].sort());
  });

  it('throws a helpful error for an unknown name', () => {
    expect(() => getLoss('fitnet')).toThrow("unknown loss 'fitnet'; known losses: ce, kd, at, nst, hint, sp");
    expect(() => getLoss('toString')).toThrow(LossInputError);
  });

  it('each entry equals the direct call, with the documented defaults', () => {
    const same = (a: () => tf.Scalar, b: () => tf.Scalar): void => expect(scalarValue(a)).toBe(scalarValue(b));
    const feats = { student: featS, teacher: featT };
    same(
      () => getLoss('ce')({ student: logitsS, labels }),
      () => ceLoss(logitsS, labels),
    );
    same(
      () => getLoss('kd')({ student: logitsS, teacher: logitsT }),
      () => kdLoss(logitsS, logitsT, { temperature: 4 }),
    );
    same(
      () => getLoss('kd')({ student: logitsS, teacher: logitsT }, { temperature: 2 }),
      () => kdLoss(logitsS, logitsT, { temperature: 2 }),
    );
    same(
      () => getLoss('at')(feats),
      () => atLoss(featS, featT, { p: 2 }),
    );
    same(
      () => getLoss('at')(feats, { p: 1 }),
      () => atLoss(featS, featT, { p: 1 }),
    );
    same(
      () => getLoss('nst')(feats),
      () => nstLoss(featS, featT, { kernel: 'poly', degree: 2, c: 0 }),
    );
    same(
      () => getLoss('nst')(feats, { kernel: 'gaussian', sigma2: 0.3 }),
      () => nstLoss(featS, featT, { kernel: 'gaussian', sigma2: 0.3 }),
    );
    same(
      () => getLoss('nst')(feats, { kernel: 'poly', degree: 3, c: 1 }),
      () => nstLoss(featS, featT, { kernel: 'poly', degree: 3, c: 1 }),
    );
    same(
      () => LOSS_REGISTRY.hint({ student: featT, teacher: featT }),
      () => hintLoss(featT, featT),
    );
  });

  it('checks option names and types, ignoring known options that do not apply', () => {
    const feats = { student: featS, teacher: featT };
    expect(() => getLoss('kd')({ student: logitsS, teacher: logitsT }, { temp: 4 })).toThrow("kd: unknown option 'temp'; known options: temperature");
    expect(() => getLoss('ce')({ student: logitsS, labels }, { temperature: 4 })).toThrow('ce: unknown option');
    expect(() => getLoss('kd')({ student: logitsS, teacher: logitsT }, { temperature: '4' })).toThrow("kd: option 'temperature' must be a number, got '4'");
    expect(() => getLoss('nst')(feats, { kernel: 'rbf' })).toThrow("nst: unknown kernel 'rbf'; use one of linear, poly, gaussian");
    expect(scalarValue(() => getLoss('nst')(feats, { kernel: 'linear', degree: 3 }))).toBe(scalarValue(() => nstLoss(featS, featT, { kernel: 'linear' })));
  });

  it('says which input is missing or malformed', () => {
    expect(() => getLoss('kd')({ student: logitsS })).toThrow('kd: needs a teacher tensor');
    expect(() => getLoss('ce')({ student: logitsS })).toThrow('ce: needs labels');
    expect(() => getLoss('at')({ student: logitsS, teacher: featT })).toThrow('atLoss: student must be rank 4 [B, H, W, C], got shape [4, 5]');
  });
});

describe('direct-call input errors', () => {
  it('ce, kd, at and hint name the tensors and shapes', () => {
    const z = tf.zeros([4, 5]) as tf.Tensor2D;
    const z3 = tf.zeros([4, 3]) as tf.Tensor2D;
    const yFloat = tf.zeros([4]) as tf.Tensor1D;
    const y3 = tf.zeros([3], 'int32') as tf.Tensor1D;
    const a = tf.zeros([2, 4, 4, 3]) as tf.Tensor4D;
    const b = tf.zeros([2, 4, 4, 5]) as tf.Tensor4D;
    const c = tf.zeros([2, 2, 2, 3]) as tf.Tensor4D;
    expect(() => ceLoss(z, yFloat)).toThrow('ceLoss: labels must be int32 class ids, got float32');
    expect(() => ceLoss(z, y3)).toThrow('ceLoss: logits and labels batch sizes differ (4 vs 3)');
    expect(() => kdLoss(z, z3, { temperature: 4 })).toThrow('kdLoss: student and teacher logits shapes differ ([4, 5] vs [4, 3])');
    expect(() => kdLoss(z, z, { temperature: 0 })).toThrow('kdLoss: temperature must be a finite number > 0 (got 0)');
    expect(() => atLoss(a, c)).toThrow('atLoss: student and teacher spatial sizes differ (4×4 vs 2×2); align them first with alignSpatial');
    expect(() => atLoss(a, b, { p: 0.5 })).toThrow('atLoss: p must be a finite number ≥ 1');
    expect(() => hintLoss(a, b)).toThrow('hintLoss: adapted student and teacher shapes differ ([2, 4, 4, 3] vs [2, 4, 4, 5])');
    tf.dispose([z, z3, yFloat, y3, a, b, c]);
  });
});
