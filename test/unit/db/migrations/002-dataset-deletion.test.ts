// Migration 002 (dataset deletion): adds datasets.deleted_at to a version-1 database without
// touching its rows, so runs keep pointing at a dataset whose files were deleted.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../../../src-main/db/migrations/index';
import * as initial from '../../../../src-main/db/migrations/001-initial';
import * as datasetDeletion from '../../../../src-main/db/migrations/002-dataset-deletion';
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir';

describe('migration 002-dataset-deletion', () => {
  let dir = '';
  let db: Database.Database;
  beforeEach(() => {
    dir = makeTempDir('distill-m002-');
    db = new Database(join(dir, 'studio.db'));
    db.pragma('foreign_keys = ON');
  });
  afterEach(() => {
    db.close();
    removeTempDir(dir);
  });

  it('adds a nullable deleted_at to a version-1 database, keeping its rows and references', () => {
    migrate(db, [initial]);
    db.prepare(`INSERT INTO datasets VALUES ('ds', 'n', 'idx', 10, 100, '[28,28,1]', '[]', '{}', 'fp', 1, '/p', '2025-01-01T00:00:00.000Z')`).run();
    db.prepare(
      `INSERT INTO runs (id, name, kind, status, config_json, dataset_id, seed, created_at) VALUES ('r', 'r', 'student', 'completed', '{}', 'ds', 1, '2025-01-02')`,
    ).run();
    expect(migrate(db, [initial, datasetDeletion])).toEqual([2]);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT id, deleted_at FROM datasets').all()).toEqual([{ id: 'ds', deleted_at: null }]);
    db.prepare("UPDATE datasets SET deleted_at = '2025-02-01' WHERE id = 'ds'").run();
    expect(db.prepare('SELECT dataset_id FROM runs').pluck().get()).toBe('ds');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('is named and numbered for the ledger', () => {
    expect([datasetDeletion.version, datasetDeletion.name]).toEqual([2, 'dataset-deletion']);
  });
});
