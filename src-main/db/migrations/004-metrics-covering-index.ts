// Migration 4: the metric-series index also covers epoch and value, so reading a run's curves
// (the compare view reads 10 runs × 10,000 points at once) never visits the table rows.
import type Database from 'better-sqlite3';

export const version = 4;
export const name = 'metrics-covering-index';

export function up(db: Database.Database): void {
  db.exec(`
    CREATE INDEX idx_metrics_series ON metrics (run_id, key, step, epoch, value);
    DROP INDEX idx_metrics_run_key_step;
  `);
}
