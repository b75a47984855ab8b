// Resuming a run from its checkpoint repeats the steps after it: the worker that crashed had
// already stored their metrics. Those points are dropped before the run restarts, so every step
// appears once, and the run's summary is rebuilt from what remains.
import type Database from 'better-sqlite3';

const REBUILD_SUMMARY = `
  INSERT INTO run_summary (run_id, key, last, min, max, last_step, count)
  SELECT m.run_id, m.key,
         (SELECT l.value FROM metrics l WHERE l.run_id = m.run_id AND l.key = m.key ORDER BY l.step DESC, l.rowid DESC LIMIT 1),
         min(m.value), max(m.value), max(m.step), count(*)
  FROM metrics m WHERE m.run_id = ? GROUP BY m.key`;

/** Deletes the run's points after `step` (0: all of them); returns how many were deleted. */
export function dropMetricsAfter(db: Database.Database, runId: string, step: number): number {
  const drop = db.transaction(() => {
    const deleted = db.prepare('DELETE FROM metrics WHERE run_id = ? AND step > ?').run(runId, step).changes;
    if (deleted > 0) {
      db.prepare('DELETE FROM run_summary WHERE run_id = ?').run(runId);
      db.prepare(REBUILD_SUMMARY).run(runId);
    }
    return deleted;
  });
  return drop.immediate();
}
