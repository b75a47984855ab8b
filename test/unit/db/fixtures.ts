// Shared fixtures for the store tests: a fresh database file per test, sample rows, and a way
// to see the query plan of the SQL a repository function really ran.
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type Database from 'better-sqlite3';
import { closeDatabase, openDatabase } from '../../../src-main/db/connection';
import { insertDataset } from '../../../src-main/db/datasets-repo';
import { insertRun, type NewRun } from '../../../src-main/db/runs-repo';
import { RunConfigSchema } from '../../../shared/schemas/run-config';
import type { DatasetSummary, RunRecord } from '../../../shared/types';
import { makeTempDir, removeTempDir } from '../../helpers/temp-dir';

/** Returns `open()`: a migrated database in a new temp folder, closed after each test. */
export function useTestDb(): { open: () => Database.Database; tempDir: () => string } {
  const dirs: string[] = [];
  const opened: Database.Database[] = [];
  // One hook, so databases are closed before their folders are removed.
  afterEach(() => {
    for (const db of opened.splice(0)) closeDatabase(db);
    for (const dir of dirs.splice(0)) removeTempDir(dir);
  });
  const tempDir = (): string => {
    const dir = makeTempDir('distill-db-');
    dirs.push(dir);
    return dir;
  };
  return {
    tempDir,
    open: () => {
      const db = openDatabase(join(tempDir(), 'studio.db'));
      opened.push(db);
      return db;
    },
  };
}

export function sampleDataset(overrides: Partial<DatasetSummary> = {}): DatasetSummary & { path: string } {
  return {
    id: 'ds-1',
    name: 'MNIST demo',
    format: 'mnist-demo',
    numClasses: 10,
    numSamples: 10_000,
    shape: [28, 28, 1],
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    splits: { train: 8000, val: 2000 },
    fingerprint: 'f'.repeat(64),
    bytes: 7_840_000,
    createdAt: '2025-01-01T00:00:00.000Z',
    path: '/data/datasets/ds-1',
    ...overrides,
  };
}

export function sampleRun(overrides: Partial<NewRun> = {}): NewRun {
  const datasetId = overrides.datasetId ?? 'ds-1';
  return {
    id: 'run-1',
    name: 'resnet8 baseline',
    kind: 'student',
    status: 'queued',
    config: RunConfigSchema.parse({ datasetId, model: 'resnet8', seed: 7, tags: ['baseline'] }),
    datasetId,
    teacherRunId: null,
    seed: 7,
    createdAt: '2025-01-02T00:00:00.000Z',
    ...overrides,
  };
}

/** Insert the sample dataset (if missing) and a run built from `overrides`. */
export function addRun(db: Database.Database, overrides: Partial<NewRun> = {}): RunRecord {
  const datasetId = overrides.datasetId ?? 'ds-1';
  const exists = db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(datasetId);
  if (!exists) insertDataset(db, sampleDataset({ id: datasetId, fingerprint: `fp-${datasetId}` }));
  return insertRun(db, sampleRun(overrides));
}

/**
 * Run `action` while recording every statement it executes with its parameters, then return the
 * `EXPLAIN QUERY PLAN` lines of each, so a test checks the plan of the real query.
 */
export function queryPlans(db: Database.Database, action: () => void): { sql: string; plan: string[] }[] {
  const seen: { sql: string; args: unknown[] }[] = [];
  const prepare = db.prepare.bind(db);
  const patched = db as unknown as { prepare: (sql: string) => Database.Statement };
  patched.prepare = (sql: string) => {
    const stmt = prepare(sql);
    for (const method of ['all', 'get', 'run', 'iterate'] as const) {
      const original = stmt[method].bind(stmt) as (...a: unknown[]) => unknown;
      (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        seen.push({ sql, args });
        return original(...args);
      };
    }
    return stmt;
  };
  try {
    action();
  } finally {
    delete (patched as { prepare?: unknown }).prepare; // back to the prototype's method
  }
  return seen.map(({ sql, args }) => ({
    sql,
    plan: (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail),
  }));
}
