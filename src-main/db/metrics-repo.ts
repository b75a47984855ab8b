// Metric points (loss, accuracy, lr ... per step) and the per-key run summary.
//
// Non-finite values (NaN, ±Infinity: a diverged run) are stored as NULL: SQLite cannot keep NaN
// anyway, and a NULL cannot poison min/max. They count as points (`count`) and can be the `last`
// value, but never the min or max. Reading back, NULL becomes NaN, so series keep their length
// and a chart shows a gap where the value was not a number.
import type Database from 'better-sqlite3';
import type { MetricPoint, MetricSeries, MetricSummary } from '../../shared/types';

interface BatchSummary {
  last: number | null;
  lastStep: number;
  min: number | null;
  max: number | null;
  count: number;
}

// One upsert per key merges the batch's aggregate into the stored one. SQLite's scalar
// min()/max() return NULL if any argument is NULL, hence the coalesce on each side.
const UPSERT_SUMMARY = `
  INSERT INTO run_summary (run_id, key, last, min, max, last_step, count)
  VALUES (@runId, @key, @last, @min, @max, @lastStep, @count)
  ON CONFLICT (run_id, key) DO UPDATE SET
    last      = CASE WHEN excluded.last_step >= run_summary.last_step THEN excluded.last ELSE run_summary.last END,
    last_step = max(run_summary.last_step, excluded.last_step),
    min       = min(coalesce(run_summary.min, excluded.min), coalesce(excluded.min, run_summary.min)),
    max       = max(coalesce(run_summary.max, excluded.max), coalesce(excluded.max, run_summary.max)),
    count     = run_summary.count + excluded.count`;

/**
 * Store a batch of points for one run and update its summary, all in ONE transaction: either
 * every point and the summary land, or nothing does. A point at the same or a later step than
 * the stored last step replaces `last` (a re-logged step wins).
 */
export function insertMetrics(db: Database.Database, runId: string, points: MetricPoint[]): void {
  if (points.length === 0) return;
  const insertPoint = db.prepare('INSERT INTO metrics (run_id, key, step, epoch, value) VALUES (?, ?, ?, ?, ?)');
  const upsertSummary = db.prepare(UPSERT_SUMMARY);
  const write = db.transaction(() => {
    const byKey = new Map<string, BatchSummary>();
    for (const p of points) {
      const value = Number.isFinite(p.value) ? p.value : null;
      insertPoint.run(runId, p.key, p.step, p.epoch, value);
      accumulate(byKey, p.key, p.step, value);
    }
    for (const [key, s] of byKey) upsertSummary.run({ runId, key, ...s });
  });
  write();
}

/**
 * The run's series, each ordered by step (then by write order within a step). `keys` absent:
 * every key; `keys` given: only those (unknown keys are simply missing from the result).
 */
export function getMetricSeries(db: Database.Database, runId: string, keys?: string[]): MetricSeries {
  if (keys && keys.length === 0) return {};
  const keyFilter = keys ? ` AND key IN (${keys.map(() => '?').join(', ')})` : '';
  const rows = db
    .prepare(`SELECT key, step, epoch, value FROM metrics WHERE run_id = ?${keyFilter} ORDER BY key, step, rowid`)
    .raw()
    .all(runId, ...(keys ?? [])) as [string, number, number, number | null][];
  // Map then fromEntries: a key such as "__proto__" becomes an ordinary property.
  const series = new Map<string, { step: number[]; value: number[]; epoch: number[] }>();
  for (const [key, step, epoch, value] of rows) {
    let s = series.get(key);
    if (!s) series.set(key, (s = { step: [], value: [], epoch: [] }));
    s.step.push(step);
    s.epoch.push(epoch);
    s.value.push(value ?? Number.NaN);
  }
  return Object.fromEntries(series);
}

/** Per-key summary, ordered by key. last/min/max are NaN when no finite value exists. */
export function getRunSummary(db: Database.Database, runId: string): MetricSummary[] {
  const rows = db.prepare('SELECT key, last, min, max, last_step, count FROM run_summary WHERE run_id = ? ORDER BY key').all(runId) as {
    key: string;
    last: number | null;
    min: number | null;
    max: number | null;
    last_step: number;
    count: number;
  }[];
  return rows.map((r) => ({
    key: r.key,
    last: r.last ?? Number.NaN,
    min: r.min ?? Number.NaN,
    max: r.max ?? Number.NaN,
    lastStep: r.last_step,
    count: r.count,
  }));
}

export function countMetrics(db: Database.Database, runId: string): number {
  return db.prepare('SELECT count(*) FROM metrics WHERE run_id = ?').pluck().get(runId) as number;
}

function accumulate(byKey: Map<string, BatchSummary>, key: string, step: number, value: number | null): void {
  const s = byKey.get(key);
  if (!s) {
    byKey.set(key, { last: value, lastStep: step, min: value, max: value, count: 1 });
    return;
  }
  if (step >= s.lastStep) {
    s.last = value;
    s.lastStep = step;
  }
  if (value !== null) {
    s.min = s.min === null ? value : Math.min(s.min, value);
    s.max = s.max === null ? value : Math.max(s.max, value);
  }
  s.count += 1;
}
