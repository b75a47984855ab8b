// Migration 003 (queue order): existing runs keep working, queued runs get an orderable position,
// and the new summary index serves lookups by metric key.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../src-main/db/migrations/index';
import * as initial from '../../../../src-main/db/migrations/001-initial';
import * as datasetDeletion from '../../../../src-main/db/migrations/002-dataset-deletion';
import * as queueOrder from '../../../../src-main/db/migrations/003-queue-order';
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeTempDir));

function openAt2(): Database.Database {
  const dir = makeTempDir('distill-m003-');
  dirs.push(dir);
  const db = new Database(join(dir, 'studio.db'));
  db.pragma('foreign_keys = ON');
  migrate(db, [initial, datasetDeletion]);
  db.prepare(
    `INSERT INTO datasets (id, name, format, num_classes, num_samples, shape_json, class_names_json, splits_json, fingerprint, bytes, path, created_at)
              VALUES ('ds', 'n', 'idx', 10, 1, '[1,1,1]', '[]', '{}', 'fp', 1, '/p', '2025-01-01')`,
  ).run();
  db.prepare(
    `INSERT INTO runs (id, name, kind, status, config_json, dataset_id, seed, created_at) VALUES ('old', 'r', 'student', 'queued', '{}', 'ds', 1, '2025-01-01')`,
  ).run();
  return db;
}

describe('migration 003-queue-order', () => {
  it('adds queue_position (NULL for existing runs) and reaches version 3', () => {
    const db = openAt2();
    expect(migrate(db, [initial, datasetDeletion, queueOrder])).toEqual([3]);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare("SELECT queue_position FROM runs WHERE id = 'old'").get()).toEqual({ queue_position: null });
    db.prepare("UPDATE runs SET queue_position = 1 WHERE id = 'old'").run();
    expect(db.prepare("SELECT queue_position FROM runs WHERE id = 'old'").get()).toEqual({ queue_position: 1 });
    db.close();
  });

  it('indexes run_summary by key for metric columns across runs', () => {
    const db = openAt2();
    migrate(db, [initial, datasetDeletion, queueOrder]);
    const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT run_id, max FROM run_summary WHERE key = 'val/acc'").all() as { detail: string }[])
      .map((r) => r.detail)
      .join(' ');
    expect(plan).toMatch(/USING (COVERING )?INDEX idx_runs_summary_key/);
    db.close();
  });
});
