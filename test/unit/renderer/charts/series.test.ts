import { describe, expect, it } from 'vitest';
import type { MetricSeries, RunRecord } from '../../../../shared/types';
import { appendPoints, lastValue, summarize, toXY } from '../../../../src-renderer/lib/charts/series';
import { buildRunRows } from '../../../../src-renderer/lib/tables/run-rows';

const pt = (key: string, step: number, value: number, epoch = 1) => ({ key, step, value, epoch });

describe('metric series', () => {
  it('appends live points in place and skips ones already loaded', () => {
    const s: MetricSeries = { 'train/loss': { step: [1, 2], value: [2.3, 2.1], epoch: [1, 1] } };
    const added = appendPoints(s, [pt('train/loss', 2, 9), pt('train/loss', 3, 1.9), pt('val/acc', 3, 0.5)]);
    expect(added).toBe(2);
    expect(s['train/loss']).toEqual({ step: [1, 2, 3], value: [2.3, 2.1, 1.9], epoch: [1, 1, 1] });
    expect(s['val/acc']).toEqual({ step: [3], value: [0.5], epoch: [1] });
  });

  it('shapes chart points and drops non-finite values', () => {
    const s: MetricSeries = { 'train/loss': { step: [1, 2, 3], value: [1, NaN, 0.5], epoch: [1, 1, 1] } };
    expect(toXY(s, 'train/loss')).toEqual([
      { x: 1, y: 1 },
      { x: 3, y: 0.5 },
    ]);
    expect(toXY(s, 'val/loss')).toEqual([]);
    expect(toXY(undefined, 'x')).toEqual([]);
    expect(lastValue(s, 'train/loss')).toBe(0.5);
    expect(lastValue(s, 'nope')).toBeNull();
  });

  it('summarises every key', () => {
    const s: MetricSeries = {
      'val/acc': { step: [10, 20], value: [0.8, 0.75], epoch: [1, 2] },
      'train/loss': { step: [1], value: [2], epoch: [1] },
      empty: { step: [], value: [], epoch: [] },
    };
    expect(summarize(s)).toEqual([
      { key: 'train/loss', last: 2, min: 2, max: 2, lastStep: 1, count: 1 },
      { key: 'val/acc', last: 0.75, min: 0.75, max: 0.8, lastStep: 20, count: 2 },
    ]);
  });

  it('builds table rows with dataset names, best accuracy and durations', () => {
    const run = {
      id: 'r1',
      datasetId: 'd1',
      startedAt: '2025-01-01T00:00:00Z',
      finishedAt: '2025-01-01T00:02:00Z',
    } as RunRecord;
    const other = { ...run, id: 'r2', datasetId: 'gone', startedAt: null, finishedAt: null } as RunRecord;
    const datasets = new Map([['d1', { name: 'MNIST demo' }]]) as never;
    const details = { r1: { summary: [{ key: 'val/acc', last: 0.9, min: 0.5, max: 0.93, lastStep: 9, count: 3 }] } } as never;
    expect(buildRunRows([run, other], datasets, details, 0)).toEqual([
      { run, datasetName: 'MNIST demo', bestValAcc: 0.93, durationSeconds: 120 },
      { run: other, datasetName: 'gone', bestValAcc: null, durationSeconds: null },
    ]);
  });
});
