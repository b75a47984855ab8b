// Term shares at the start of a run (lib/charts/term-shares.ts), from hand-made series.
import { describe, expect, it } from 'vitest';
import { balancedWeights, dominantTerm, startShares } from '../../../../src-renderer/lib/charts/term-shares';
import type { MetricSeries } from '../../../../shared/types';

const line = (values: number[], from = 1) => ({ step: values.map((_, i) => from + i), value: values, epoch: values.map(() => 1) });

describe('startShares', () => {
  it('averages the weighted terms over the first 10 steps and normalises them', () => {
    const series: MetricSeries = {
      'train/loss': line(Array(12).fill(3)),
      'loss_w/ce': line([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 100, 100]), // steps 11–12 are not "the start"
      'loss_w/nst[stage2]': line(Array(12).fill(3)),
      'loss/nst[stage2]': line(Array(12).fill(0.06)), // raw values are not shares
    };
    expect(startShares(series)).toEqual([
      { term: 'nst[stage2]', share: 0.75 },
      { term: 'ce', share: 0.25 },
    ]);
    expect(dominantTerm(startShares(series))).toEqual({ term: 'nst[stage2]', share: 0.75 });
  });

  it('says nothing for a single term, and finds no dominant term in a balanced objective', () => {
    expect(startShares({ 'train/loss': line([2]), 'loss_w/ce': line([2]) })).toEqual([]);
    expect(startShares(undefined)).toEqual([]);
    const balanced = startShares({ 'train/loss': line([2, 2]), 'loss_w/ce': line([1, 1.2]), 'loss_w/kd': line([1, 0.8]) });
    expect(balanced.map((s) => s.term)).toEqual(['ce', 'kd']);
    expect(balanced[0]!.share).toBeCloseTo(0.55, 12); // means 1.1 and 0.9 of a total 2
    expect(balanced[1]!.share).toBeCloseTo(0.45, 12);
    expect(dominantTerm(balanced)).toBeNull();
  });
});

describe('balancedWeights', () => {
  it('lists the weights a run recorded at its start, CE first', () => {
    const series: MetricSeries = {
      'weight/nst[stage2]': { step: [0], value: [9.8], epoch: [0] },
      'weight/kd': { step: [0], value: [0.23], epoch: [0] },
      'weight/ce': { step: [0], value: [0.77], epoch: [0] },
      'loss_w/kd': { step: [1], value: [1], epoch: [1] },
    };
    expect(balancedWeights(series)).toEqual([
      { term: 'ce', weight: 0.77 },
      { term: 'kd', weight: 0.23 },
      { term: 'nst[stage2]', weight: 9.8 },
    ]);
    expect(balancedWeights({ 'loss_w/kd': { step: [1], value: [1], epoch: [1] } })).toEqual([]);
    expect(balancedWeights(undefined)).toEqual([]);
  });
});
