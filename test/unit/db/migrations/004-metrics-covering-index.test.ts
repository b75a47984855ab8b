// Migration 004: series reads are served from the index alone, and existing metrics survive.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../../../src-main/db/migrations/index';
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeTempDir));

describe('migration 004-metrics-covering-index', () => {
  it('keeps the metrics and reads a series through a covering index', () => {
    const dir = makeTempDir('distill-m004-');
    dirs.push(dir);
    const db = new Database(join(dir, 'studio.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 3));
    db.prepare(
      `INSERT INTO datasets (id, name, format, num_classes, num_samples, shape_json, class_names_json, splits_json, fingerprint, bytes, path, created_at)
                VALUES ('ds', 'n', 'idx', 10, 1, '[1,1,1]', '[]', '{}', 'fp', 1, '/p', '2025-01-01')`,
    ).run();
    db.prepare(
      `INSERT INTO runs (id, name, kind, status, config_json, dataset_id, seed, created_at) VALUES ('r', 'r', 'student', 'completed', '{}', 'ds', 1, '2025-01-01')`,
    ).run();
    db.prepare(`INSERT INTO metrics (run_id, key, step, epoch, value) VALUES ('r', 'train/loss', 1, 1, 2.5), ('r', 'train/loss', 2, 1, 2.0)`).run();
    expect(migrate(db, MIGRATIONS.slice(0, 4))).toEqual([4]);
    expect(db.prepare("SELECT step, value FROM metrics WHERE run_id = 'r' ORDER BY step").all()).toEqual([
      { step: 1, value: 2.5 },
      { step: 2, value: 2 },
    ]);
    const plan = (
      db.prepare("EXPLAIN QUERY PLAN SELECT key, step, epoch, value FROM metrics WHERE run_id = 'r' ORDER BY key, step, rowid").all() as { detail: string }[]
    )
      .map((r) => r.detail)
      .join(' ');
    expect(plan).toMatch(/USING COVERING INDEX idx_metrics_series/);
    expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY/); // at most the rowid tie-break within one (key, step)
    db.close();
  });
});
