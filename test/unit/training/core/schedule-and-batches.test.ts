// Pure pieces of the training loop: the step-decay schedule of docs/methods.md and batch
// normalisation with the dataset statistics, checked against hand-computed values.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batchIndices, makeBatch } from '../../../../src-main/training/core/batches';
import { describeSchedule, learningRateAt, stepMilestones } from '../../../../src-main/training/core/schedule';

describe('learning-rate schedule', () => {
  it('decays ×0.1 at 62.5 %, 75 % and 87.5 % of 240 epochs (150, 180, 210)', () => {
    const lr = (e: number) => learningRateAt('step', 0.05, e, 240);
    expect(lr(0)).toBe(0.05);
    expect(lr(149)).toBe(0.05);
    expect(lr(150)).toBeCloseTo(0.005, 12);
    expect(lr(180)).toBeCloseTo(0.0005, 12);
    expect(lr(210)).toBeCloseTo(0.00005, 12);
    expect(lr(239)).toBeCloseTo(0.00005, 12);
  });

  it('keeps the milestones of short runs distinct: 3 epochs decay once, never twice at one epoch', () => {
    const lrs = (epochs: number) => Array.from({ length: epochs }, (_, e) => Number(learningRateAt('step', 0.05, e, epochs).toPrecision(6)));
    expect(lrs(1)).toEqual([0.05]);
    expect(lrs(2)).toEqual([0.05, 0.005]);
    expect(lrs(3)).toEqual([0.05, 0.05, 0.005]); // rounded milestones 2, 2, 3 used to give 0.05, 0.05, 0.0005
    expect(lrs(4)).toEqual([0.05, 0.05, 0.05, 0.005]);
    expect(lrs(5)).toEqual([0.05, 0.05, 0.05, 0.005, 0.0005]);
    expect(lrs(8)).toEqual([0.05, 0.05, 0.05, 0.05, 0.05, 0.005, 0.0005, 0.00005]);
    expect(stepMilestones(240)).toEqual([150, 180, 210]);
    expect(describeSchedule('step', 0.05, 3)).toBe('lr 0.05, ×0.1 from epoch 3');
    expect(describeSchedule('step', 0.05, 240)).toBe('lr 0.05, ×0.1 from epochs 151, 181, 211');
    expect(describeSchedule('step', 0.05, 1)).toBe('lr 0.05 (a 1-epoch run has no room to decay)');
  });

  it('anneals with cosine from the base rate towards zero', () => {
    expect(learningRateAt('cosine', 0.1, 0, 10)).toBeCloseTo(0.1, 12);
    expect(learningRateAt('cosine', 0.1, 5, 10)).toBeCloseTo(0.05, 12);
  });
});

describe('batches', () => {
  it('normalises per channel with the dataset mean and std', async () => {
    await tf.setBackend('cpu');
    const src = { images: Uint8Array.from([0, 255, 51, 102]), labels: Uint8Array.from([3, 4]), count: 2, shape: [1, 1, 2] as [number, number, number] };
    const { x, y } = makeBatch(src, [1, 0], { mean: [0.2, 0.4], std: [0.5, 0.25] });
    expect(x.shape).toEqual([2, 1, 1, 2]);
    const v = Array.from(x.dataSync());
    // sample 1: (0.2 − 0.2)/0.5 = 0, (0.4 − 0.4)/0.25 = 0; sample 0: (0 − 0.2)/0.5 = −0.4, (1 − 0.4)/0.25 = 2.4
    [0, 0, -0.4, 2.4].forEach((e, i) => expect(v[i]).toBeCloseTo(e, 5));
    expect(Array.from(y.dataSync())).toEqual([4, 3]);
    tf.dispose([x, y]);
  });

  it('splits an order into batches with a smaller last one', () => {
    const b = batchIndices([5, 4, 3, 2, 1], 2);
    expect(b.map((a) => Array.from(a))).toEqual([[5, 4], [3, 2], [1]]);
  });
});
