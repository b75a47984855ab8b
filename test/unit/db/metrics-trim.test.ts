// Dropping the metrics a resume will repeat: points after the checkpoint's step go, earlier ones
// and other runs stay, and the summary is rebuilt from what remains (NULL values still counted).
import { describe, expect, it } from 'vitest';
import { countMetrics, dropMetricsAfter, getMetricSeries, getRunSummary, insertMetrics } from '../../../src-main/db';
import { addRun, useTestDb } from './fixtures';

const { open } = useTestDb();

describe('dropMetricsAfter', () => {
  it('drops later points of one run and rebuilds its summary', () => {
    const db = open();
    addRun(db, { id: 'a' });
    addRun(db, { id: 'b' });
    const pts = (run: number) => [1, 2, 3, 4, 5].map((step) => ({ key: 'loss', step, epoch: 1, value: step === 2 ? NaN : 10 - step + run }));
    insertMetrics(db, 'a', pts(0));
    insertMetrics(db, 'a', [{ key: 'val/acc', step: 5, epoch: 1, value: 0.9 }]);
    insertMetrics(db, 'b', pts(1));

    expect(dropMetricsAfter(db, 'a', 3)).toBe(3);
    expect(getMetricSeries(db, 'a')['loss']!.step).toEqual([1, 2, 3]);
    expect(getMetricSeries(db, 'a')['val/acc']).toBeUndefined();
    const summary = getRunSummary(db, 'a');
    expect(summary).toEqual([expect.objectContaining({ key: 'loss', last: 7, min: 7, max: 9, count: 3 })]);
    expect(countMetrics(db, 'b')).toBe(5); // another run is untouched
    expect(dropMetricsAfter(db, 'a', 3)).toBe(0);
    expect(dropMetricsAfter(db, 'a', 0)).toBe(3);
    expect(getRunSummary(db, 'a')).toEqual([]);
  });
});
