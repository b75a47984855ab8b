// Migration 001 (initial schema): a fresh database reaches version 1 with every table, column,
// index and constraint the repositories rely on.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../../../src-main/db/migrations/index';
import * as initial from '../../../../src-main/db/migrations/001-initial';
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir';

const columns = (db: Database.Database, table: string): string[] => (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);

describe('migration 001-initial', () => {
  let dir = '';
  let db: Database.Database;
  beforeEach(() => {
    dir = makeTempDir('distill-m001-');
    db = new Database(join(dir, 'studio.db'));
    db.pragma('foreign_keys = ON');
    expect(migrate(db, [initial])).toEqual([1]);
  });
  afterEach(() => {
    db.close();
    removeTempDir(dir);
  });

  const addDataset = (id = 'ds'): void => {
    db.prepare(`INSERT INTO datasets VALUES (?, 'n', 'idx', 10, 100, '[28,28,1]', '[]', '{}', 'fp', 1, '/p', '2025-01-01T00:00:00.000Z')`).run(id);
  };
  const addRun = (id: string, fields: { kind?: string; status?: string; datasetId?: string; teacher?: string } = {}) =>
    db
      .prepare(
        `INSERT INTO runs (id, name, kind, status, config_json, dataset_id, teacher_run_id, seed, created_at)
         VALUES (?, 'r', ?, ?, '{}', ?, ?, 1, '2025-01-01T00:00:00.000Z')`,
      )
      .run(id, fields.kind ?? 'student', fields.status ?? 'queued', fields.datasetId ?? 'ds', fields.teacher ?? null);

  it('brings a fresh database to version 1 named "initial"', () => {
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare('SELECT version, name FROM schema_migrations').all()).toEqual([{ version: 1, name: 'initial' }]);
  });

  it('creates every table with the expected columns', () => {
    expect(columns(db, 'datasets')).toEqual([
      'id',
      'name',
      'format',
      'num_classes',
      'num_samples',
      'shape_json',
      'class_names_json',
      'splits_json',
      'fingerprint',
      'bytes',
      'path',
      'created_at',
    ]);
    expect(columns(db, 'runs')).toEqual([
      'id',
      'name',
      'kind',
      'status',
      'config_json',
      'dataset_id',
      'teacher_run_id',
      'seed',
      'backend',
      'backend_reason',
      'created_at',
      'started_at',
      'finished_at',
      'error',
      'notes',
      'archived',
    ]);
    expect(columns(db, 'run_tags')).toEqual(['run_id', 'tag']);
    expect(columns(db, 'metrics')).toEqual(['run_id', 'key', 'step', 'epoch', 'value']);
    expect(columns(db, 'run_summary')).toEqual(['run_id', 'key', 'last', 'min', 'max', 'last_step', 'count']);
    expect(columns(db, 'run_logs')).toEqual(['id', 'run_id', 'level', 'message', 'time']);
    expect(columns(db, 'artifacts')).toEqual(['id', 'run_id', 'kind', 'path', 'bytes', 'sha256', 'created_at']);
  });

  it('creates the indexes listing and metric reads depend on', () => {
    const indexes = (table: string): string[][] =>
      (db.pragma(`index_list(${table})`) as { name: string }[])
        .filter((i) => !i.name.startsWith('sqlite_autoindex'))
        .map((i) => (db.pragma(`index_info(${i.name})`) as { name: string }[]).map((c) => c.name));
    expect(indexes('metrics')).toContainEqual(['run_id', 'key', 'step']);
    expect(indexes('runs')).toContainEqual(['created_at', 'id']);
    expect(indexes('runs')).toContainEqual(['status', 'created_at', 'id']);
    expect(indexes('run_logs')).toContainEqual(['run_id', 'id']);
  });

  it('enforces foreign keys: a run needs a known dataset and teacher', () => {
    expect(() => addRun('r1', { datasetId: 'nope' })).toThrow(/FOREIGN KEY constraint failed/);
    addDataset();
    expect(() => addRun('r1', { teacher: 'nope' })).toThrow(/FOREIGN KEY constraint failed/);
    addRun('t1', { kind: 'teacher' });
    addRun('d1', { kind: 'distill', teacher: 't1' });
    expect(() => db.prepare('DELETE FROM datasets').run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("DELETE FROM runs WHERE id = 't1'").run()).toThrow(/FOREIGN KEY/);
  });

  it('rejects unknown kinds, statuses and log levels', () => {
    addDataset();
    expect(() => addRun('r1', { kind: 'teacherish' })).toThrow(/CHECK constraint failed/);
    expect(() => addRun('r1', { status: 'paused' })).toThrow(/CHECK constraint failed/);
    addRun('r1');
    expect(() => db.prepare("INSERT INTO run_logs (run_id, level, message, time) VALUES ('r1', 'debug', 'm', 't')").run()).toThrow(/CHECK constraint failed/);
    expect(db.prepare("SELECT archived FROM runs WHERE id = 'r1'").pluck().get()).toBe(0);
  });

  it('cascades a run delete to tags, metrics, summary, logs and artifacts', () => {
    addDataset();
    addRun('r1');
    addRun('r2');
    for (const id of ['r1', 'r2']) {
      db.prepare("INSERT INTO run_tags VALUES (?, 'x')").run(id);
      db.prepare("INSERT INTO metrics VALUES (?, 'loss', 1, 0, 0.5)").run(id);
      db.prepare("INSERT INTO run_summary VALUES (?, 'loss', 0.5, 0.5, 0.5, 1, 1)").run(id);
      db.prepare("INSERT INTO run_logs (run_id, level, message, time) VALUES (?, 'info', 'm', 't')").run(id);
      db.prepare("INSERT INTO artifacts (run_id, kind, path, bytes, sha256) VALUES (?, 'ckpt', 'p', 1, 'h')").run(id);
    }
    db.prepare("DELETE FROM runs WHERE id = 'r1'").run();
    for (const table of ['run_tags', 'metrics', 'run_summary', 'run_logs', 'artifacts']) {
      expect(db.prepare(`SELECT run_id FROM ${table}`).pluck().all(), table).toEqual(['r2']);
    }
  });

  it('fills artifacts.created_at with an ISO-8601 UTC time', () => {
    addDataset();
    addRun('r1');
    db.prepare("INSERT INTO artifacts (run_id, kind, path, bytes, sha256) VALUES ('r1', 'ckpt', 'p', 1, 'h')").run();
    const createdAt = db.prepare('SELECT created_at FROM artifacts').pluck().get() as string;
    expect(createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
