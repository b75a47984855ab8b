// The history table's query: filters, metric columns, sorting (NULLs last), paging, bulk edits,
// queue order, and an index-backed plan — against real SQLite files.
import { describe, expect, it } from 'vitest';
import { insertMetrics, nextQueuedRuns, setRunTags, updateRunStatus } from '../../../src-main/db';
import { deleteRuns, dependentsOf, metricKeys, queryRuns, setArchived, setQueueOrder, type RunQuery } from '../../../src-main/db/run-queries';
import { RunConfigSchema } from '../../../shared/schemas/run-config';
import { addRun, queryPlans, useTestDb } from './fixtures';

const { open } = useTestDb();
const q = (over: Partial<RunQuery> = {}): RunQuery => ({ archived: false, sort: { by: 'created', dir: 'desc' }, columns: [], offset: 0, limit: 100, ...over });
const cfg = (terms: object[] = []) =>
  RunConfigSchema.parse({ datasetId: 'ds-1', model: 'cnn', kind: terms.length ? 'distill' : 'student', teacherRunId: terms.length ? 't' : undefined, terms });

function seed() {
  const db = open();
  addRun(db, { id: 't', name: 'teacher', kind: 'teacher', status: 'completed', createdAt: '2025-01-01T00:00:00.000Z' });
  addRun(db, {
    id: 'a',
    name: 'KD run',
    kind: 'distill',
    teacherRunId: 't',
    config: cfg([{ method: 'kd', weight: 0.9 }]),
    createdAt: '2025-01-02T00:00:00.000Z',
  });
  addRun(db, {
    id: 'b',
    name: 'NST gaussian',
    kind: 'distill',
    teacherRunId: 't',
    config: cfg([{ method: 'nst', weight: 50, teacherTap: 's', studentTap: 's', options: { kernel: 'gaussian' } }]),
    createdAt: '2025-01-03T00:00:00.000Z',
  });
  addRun(db, { id: 'c', name: 'baseline', config: cfg(), createdAt: '2025-01-04T00:00:00.000Z' });
  insertMetrics(db, 't', [{ key: 'val/acc', step: 1, epoch: 1, value: 0.9 }]);
  insertMetrics(db, 'a', [
    { key: 'val/acc', step: 1, epoch: 1, value: 0.7 },
    { key: 'val/acc', step: 2, epoch: 2, value: 0.6 },
    { key: 'train/loss', step: 2, epoch: 2, value: 0.4 },
  ]);
  insertMetrics(db, 'b', [
    { key: 'val/acc', step: 1, epoch: 1, value: 0.8 },
    { key: 'train/loss', step: 1, epoch: 1, value: 0.9 },
    { key: 'train/loss', step: 2, epoch: 2, value: 0.5 },
  ]);
  setRunTags(db, 'b', ['paper', 'nst']);
  return db;
}

describe('queryRuns', () => {
  it('pages newest first and counts the whole match', () => {
    const db = seed();
    const page = queryRuns(db, q({ limit: 2, offset: 1 }));
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('fills metric columns with best/last/min/max (best = max for accuracies, min for losses)', () => {
    const db = seed();
    const rows = queryRuns(
      db,
      q({
        columns: [
          { key: 'val/acc', agg: 'best' },
          { key: 'val/acc', agg: 'last' },
          { key: 'train/loss', agg: 'best' },
        ],
      }),
    ).rows;
    const a = rows.find((r) => r.id === 'a')!;
    expect(a.metrics).toEqual({ 'val/acc:best': 0.7, 'val/acc:last': 0.6, 'train/loss:best': 0.4 });
    expect(rows.find((r) => r.id === 'b')!.metrics['train/loss:best']).toBe(0.5);
    expect(rows.find((r) => r.id === 'c')!.metrics['val/acc:best']).toBeNull();
  });

  it('sorts by a metric with runs lacking it last, in both directions', () => {
    const db = seed();
    const by = (dir: 'asc' | 'desc') => queryRuns(db, q({ sort: { by: 'metric', metric: { key: 'val/acc', agg: 'best' }, dir } })).rows.map((r) => r.id);
    expect(by('desc')).toEqual(['t', 'b', 'a', 'c']);
    expect(by('asc')).toEqual(['a', 'b', 't', 'c']);
  });

  it('filters by method, NST kernel, tag, kind, text and date', () => {
    const db = seed();
    const ids = (over: Partial<RunQuery>) =>
      queryRuns(db, q(over))
        .rows.map((r) => r.id)
        .sort();
    expect(ids({ method: ['kd'] })).toEqual(['a']);
    expect(ids({ method: ['ce'] })).toEqual(['c', 't']); // no terms = plain cross-entropy
    expect(ids({ kernel: ['gaussian'] })).toEqual(['b']);
    expect(ids({ kernel: ['poly'] })).toEqual([]);
    expect(ids({ tag: 'paper' })).toEqual(['b']);
    expect(ids({ kind: ['teacher'] })).toEqual(['t']);
    expect(ids({ search: 'gauss' })).toEqual(['b']);
    expect(ids({ search: '100%' })).toEqual([]);
    expect(ids({ from: '2025-01-03', to: '2025-01-03' })).toEqual(['b']);
  });

  it('hides archived runs unless asked for them', () => {
    const db = seed();
    expect(setArchived(db, ['a', 'b'], true)).toBe(2);
    expect(queryRuns(db, q()).rows.map((r) => r.id)).toEqual(['c', 't']);
    expect(queryRuns(db, q({ archived: true })).rows.map((r) => r.id)).toEqual(['b', 'a']);
    expect(queryRuns(db, q({ archived: true })).rows[0]!.archived).toBe(true);
  });

  it("looks each run's summary up through an index, never scanning run_summary", () => {
    const db = seed();
    const plans = queryPlans(db, () => queryRuns(db, q({ sort: { by: 'metric', metric: { key: 'val/acc', agg: 'best' }, dir: 'desc' } })));
    const page = plans.find((p) => p.sql.includes('LEFT JOIN run_summary'))!;
    expect(page.plan.join(' | ')).toMatch(/SEARCH so USING (INDEX|PRIMARY KEY)/);
    expect(page.plan.join(' | ')).not.toMatch(/SCAN so/);
  });
});

describe('bulk edits and the queue', () => {
  it('lists the metric keys of given runs', () => {
    const db = seed();
    expect(metricKeys(db, ['a'])).toEqual(['train/loss', 'val/acc']);
    expect(metricKeys(db)).toEqual(['train/loss', 'val/acc']);
  });

  it('deletes runs with everything that hangs off them, and finds teachers in use', () => {
    const db = seed();
    expect(
      dependentsOf(db, ['t'])
        .map((d) => d.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(dependentsOf(db, ['t', 'a', 'b'])).toEqual([]);
    expect(deleteRuns(db, ['a'])).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM metrics WHERE run_id = 'a'").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM run_summary WHERE run_id = 'a'").get()).toEqual({ n: 0 });
  });

  it('orders the queue as the user arranged it, newcomers last', () => {
    const db = seed();
    updateRunStatus(db, 't', 'queued');
    expect(nextQueuedRuns(db).map((r) => r.id)).toEqual(['t', 'a', 'b', 'c']);
    setQueueOrder(db, ['c', 'a']);
    expect(nextQueuedRuns(db).map((r) => r.id)).toEqual(['c', 'a', 't', 'b']);
    addRun(db, { id: 'd', createdAt: '2025-01-05T00:00:00.000Z' });
    expect(nextQueuedRuns(db).map((r) => r.id)).toEqual(['c', 'a', 't', 'b', 'd']);
  });
});
