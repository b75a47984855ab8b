import { describe, expect, it } from 'vitest';
import { buildEntries, summaryValue, tableEntries } from '../../../../src-renderer/lib/tables/compare-entries';
import { runColor } from '../../../../src-renderer/lib/charts/run-colors';
import type { MetricSummary } from '../../../../shared/types';

const run = (id: string, name: string, tags: string[] = []) => ({ id, name, tags });
const summary = (key: string, last: number, min: number, max: number): MetricSummary => ({ key, last, min, max, lastStep: 10, count: 3 });

describe('compare entries', () => {
  const runs = [run('a', 'baseline'), run('b', 'kd · seed 1', ['group:g1']), run('c', 'kd · seed 2', ['group:g1']), run('d', 'lone · seed 3', ['group:g2'])];

  it('keeps runs apart, one colour each, when groups are off', () => {
    const e = buildEntries(runs, false);
    expect(e.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(e.map((x) => x.color)).toEqual([0, 1, 2, 3].map(runColor));
  });

  it('merges a seed group into one entry named after it; a lone seed stays a run', () => {
    const e = buildEntries(runs, true);
    expect(e.map((x) => [x.id, x.label, x.runIds, x.isGroup])).toEqual([
      ['a', 'baseline', ['a'], false],
      ['group:g1', 'kd', ['b', 'c'], true],
      ['group:g2', 'lone', ['d'], false],
    ]);
  });

  it('reads best as max for accuracies and min for losses', () => {
    const s = [summary('val/acc', 0.8, 0.1, 0.9), summary('train/loss', 0.5, 0.2, 2.3)];
    expect(summaryValue(s, { key: 'val/acc', agg: 'best' })).toBe(0.9);
    expect(summaryValue(s, { key: 'train/loss', agg: 'best' })).toBe(0.2);
    expect(summaryValue(s, { key: 'train/loss', agg: 'last' })).toBe(0.5);
    expect(summaryValue(s, { key: 'nope', agg: 'last' })).toBeNull();
    expect(summaryValue([summary('x', Number.NaN, Number.NaN, Number.NaN)], { key: 'x', agg: 'max' })).toBeNull();
  });

  it('fills table values per run, with wall time and gap recovered against a chosen baseline and teacher', () => {
    const sums: Record<string, MetricSummary[]> = {
      a: [summary('val/acc', 0.7, 0.1, 0.7)],
      b: [summary('val/acc', 0.8, 0.1, 0.8)],
      c: [summary('val/acc', 0.9, 0.1, 0.9)],
      d: [],
    };
    const entries = buildEntries(runs, true);
    const rows = tableEntries(entries, [{ key: 'val/acc', agg: 'last' }], (id) => sums[id], {
      seconds: (id) => (id === 'a' ? 60 : null),
      accSpec: { key: 'val/acc', agg: 'last' },
      gap: { baselineAcc: 0.7, teacherAcc: 0.9 },
    });
    expect(rows[1]).toEqual({
      id: 'group:g1',
      label: 'kd',
      size: 2,
      values: { 'val/acc:last': [0.8, 0.9], seconds: [null, null], gap: [expect.closeTo(0.5), expect.closeTo(1)] },
    });
    expect(rows[0]!.values.seconds).toEqual([60]);
    expect(rows[2]!.values.gap).toEqual([null]);
  });
});
