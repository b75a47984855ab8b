// metrics-repo: series round-trip and order, summary values checked against ones computed here
// from the raw points, non-finite handling, batch atomicity, and index use for series reads.
import { describe, expect, it } from 'vitest';
import { countMetrics, getMetricSeries, getRunSummary, insertMetrics } from '../../../src-main/db/metrics-repo';
import type { MetricPoint, MetricSummary } from '../../../shared/types';
import { addRun, queryPlans, useTestDb } from './fixtures';

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The summary by definition: last = value at the greatest step (latest write on ties). */
function expectedSummary(points: MetricPoint[]): MetricSummary[] {
  const keys = [...new Set(points.map((p) => p.key))].sort();
  return keys.map((key) => {
    const mine = points.filter((p) => p.key === key);
    const lastStep = Math.max(...mine.map((p) => p.step));
    const last = mine.filter((p) => p.step === lastStep).at(-1)!.value;
    const finite = mine.map((p) => p.value).filter(Number.isFinite);
    return {
      key,
      last: Number.isFinite(last) ? last : Number.NaN,
      min: finite.length ? Math.min(...finite) : Number.NaN,
      max: finite.length ? Math.max(...finite) : Number.NaN,
      lastStep,
      count: mine.length,
    };
  });
}

describe('metrics-repo', () => {
  const { open } = useTestDb();

  it('round-trips series per key, ordered by step, for all or chosen keys', () => {
    const db = open();
    addRun(db);
    insertMetrics(db, 'run-1', [
      { key: 'train/loss', step: 20, epoch: 1, value: 0.5 },
      { key: 'train/loss', step: 10, epoch: 0, value: 0.9 },
      { key: 'val/acc', step: 20, epoch: 1, value: 0.75 },
      { key: 'lr', step: 10, epoch: 0, value: 0.05 },
    ]);
    insertMetrics(db, 'run-1', [{ key: 'train/loss', step: 15, epoch: 0, value: 0.7 }]);
    const all = getMetricSeries(db, 'run-1');
    expect(all).toEqual({
      'train/loss': { step: [10, 15, 20], value: [0.9, 0.7, 0.5], epoch: [0, 0, 1] },
      'val/acc': { step: [20], value: [0.75], epoch: [1] },
      lr: { step: [10], value: [0.05], epoch: [0] },
    });
    expect(getMetricSeries(db, 'run-1', ['val/acc', 'missing'])).toEqual({ 'val/acc': all['val/acc'] });
    expect(getMetricSeries(db, 'run-1', [])).toEqual({});
    expect(getMetricSeries(db, 'ghost')).toEqual({});
    expect(countMetrics(db, 'run-1')).toBe(5);
    expect(countMetrics(db, 'ghost')).toBe(0);
  });

  it('keeps runs apart', () => {
    const db = open();
    addRun(db, { id: 'a' });
    addRun(db, { id: 'b' });
    insertMetrics(db, 'a', [{ key: 'loss', step: 1, epoch: 0, value: 1 }]);
    insertMetrics(db, 'b', [
      { key: 'loss', step: 1, epoch: 0, value: 2 },
      { key: 'loss', step: 2, epoch: 0, value: 3 },
    ]);
    expect(getMetricSeries(db, 'a')).toEqual({ loss: { step: [1], value: [1], epoch: [0] } });
    expect(getRunSummary(db, 'a')).toEqual([{ key: 'loss', last: 1, min: 1, max: 1, lastStep: 1, count: 1 }]);
    expect(countMetrics(db, 'b')).toBe(2);
  });

  it('keeps the summary equal to one computed from all points, across batches and out-of-order steps', () => {
    const db = open();
    addRun(db);
    const rand = rng(1234);
    const keys = ['train/loss', 'val/acc', 'lr'];
    const all: MetricPoint[] = [];
    for (let batch = 0; batch < 8; batch++) {
      const points: MetricPoint[] = [];
      for (let i = 0; i < 60; i++) {
        const step = Math.floor(rand() * 400); // repeats and steps lower than earlier batches
        const r = rand();
        const value = r < 0.03 ? Number.NaN : r < 0.05 ? Number.POSITIVE_INFINITY : (rand() - 0.3) * 10;
        points.push({ key: keys[i % 3]!, step, epoch: Math.floor(step / 100), value });
      }
      insertMetrics(db, 'run-1', points);
      all.push(...points);
      expect(getRunSummary(db, 'run-1')).toEqual(expectedSummary(all));
    }
    expect(countMetrics(db, 'run-1')).toBe(all.length);
  });

  it('stores NaN and ±Infinity as gaps: NaN in series, counted, never min or max', () => {
    const db = open();
    addRun(db);
    insertMetrics(db, 'run-1', [
      { key: 'loss', step: 1, epoch: 0, value: 2 },
      { key: 'loss', step: 2, epoch: 0, value: Number.POSITIVE_INFINITY },
      { key: 'loss', step: 3, epoch: 0, value: -1 },
      { key: 'loss', step: 4, epoch: 0, value: Number.NaN },
      { key: 'bad', step: 1, epoch: 0, value: Number.NEGATIVE_INFINITY },
    ]);
    expect(db.prepare('SELECT count(*) FROM metrics WHERE value IS NULL').pluck().get()).toBe(3);
    expect(getMetricSeries(db, 'run-1', ['loss']).loss?.value).toEqual([2, Number.NaN, -1, Number.NaN]);
    expect(getRunSummary(db, 'run-1')).toEqual([
      { key: 'bad', last: Number.NaN, min: Number.NaN, max: Number.NaN, lastStep: 1, count: 1 },
      { key: 'loss', last: Number.NaN, min: -1, max: 2, lastStep: 4, count: 4 },
    ]);
    // A later finite value becomes min/max of a key that had none.
    insertMetrics(db, 'run-1', [{ key: 'bad', step: 2, epoch: 0, value: 5 }]);
    expect(getRunSummary(db, 'run-1')[0]).toEqual({ key: 'bad', last: 5, min: 5, max: 5, lastStep: 2, count: 2 });
  });

  it('writes 10,000 points as one transaction: a bad point in the middle stores nothing', () => {
    const db = open();
    addRun(db);
    insertMetrics(db, 'run-1', [{ key: 'loss', step: 0, epoch: 0, value: 3 }]);
    const points: MetricPoint[] = Array.from({ length: 10_000 }, (_, i) => ({
      key: i % 2 ? 'loss' : 'acc',
      step: i + 1,
      epoch: 0,
      value: 1 / (i + 1),
    }));
    const broken = points.slice();
    broken[5_000] = { ...points[5_000]!, key: null as unknown as string }; // violates NOT NULL
    expect(() => insertMetrics(db, 'run-1', broken)).toThrow(/NOT NULL constraint failed: metrics.key/);
    expect(countMetrics(db, 'run-1')).toBe(1);
    expect(getRunSummary(db, 'run-1')).toEqual([{ key: 'loss', last: 3, min: 3, max: 3, lastStep: 0, count: 1 }]);

    expect(() => insertMetrics(db, 'ghost-run', points)).toThrow(/FOREIGN KEY/);
    expect(db.prepare('SELECT count(*) FROM metrics').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM run_summary').pluck().get()).toBe(1);

    insertMetrics(db, 'run-1', points);
    expect(countMetrics(db, 'run-1')).toBe(10_001);
    expect(getRunSummary(db, 'run-1')).toEqual(expectedSummary([{ key: 'loss', step: 0, epoch: 0, value: 3 }, ...points]));
  });

  it('does nothing for an empty batch', () => {
    const db = open();
    addRun(db);
    insertMetrics(db, 'run-1', []);
    expect(countMetrics(db, 'run-1')).toBe(0);
    expect(getRunSummary(db, 'run-1')).toEqual([]);
  });

  it('reads series through the (run_id, key, step) index, never scanning metrics or sorting', () => {
    const db = open();
    addRun(db);
    for (const keys of [undefined, ['loss', 'acc']]) {
      const [q, ...rest] = queryPlans(db, () => getMetricSeries(db, 'run-1', keys));
      expect(rest).toEqual([]);
      const plan = q!.plan.join('\n');
      expect(plan).toMatch(/SEARCH metrics USING COVERING INDEX idx_metrics_series \(run_id=\?/);
      expect(plan).not.toMatch(/SCAN metrics/);
      expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    }
    const [count] = queryPlans(db, () => countMetrics(db, 'run-1'));
    expect(count!.plan.join('\n')).toMatch(/SEARCH metrics USING COVERING INDEX idx_metrics_series \(run_id=\?\)/);
  });
});
