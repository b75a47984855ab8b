// Schema migrations: the ordered list of numbered migrations and the runner that applies the
// pending ones. Each migration runs in its own IMMEDIATE transaction together with its row in
// `schema_migrations`, so a failure leaves the database at the previous version, and two
// processes opening the same data folder (app and CLI) cannot both apply the same migration.
//
// Adding a migration: create `NNN-what.ts` exporting { version, name, up }, append it below,
// and add its own test. `PRAGMA foreign_keys` cannot change inside a transaction, so a migration
// that rebuilds a table must keep every reference valid while it works.
import type Database from 'better-sqlite3';
import * as initial from './001-initial';
import * as datasetDeletion from './002-dataset-deletion';
import * as queueOrder from './003-queue-order';
import * as metricsCoveringIndex from './004-metrics-covering-index';
import * as runEnvironment from './005-run-environment';
import * as runWorkerProcess from './006-run-worker-process';
import * as slurmJobs from './007-slurm-jobs';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [initial, datasetDeletion, queueOrder, metricsCoveringIndex, runEnvironment, runWorkerProcess, slurmJobs];

/** Highest schema version this build of the app knows. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`;

/** The highest applied migration version, 0 for a database no migration has touched. */
export function schemaVersion(db: Database.Database): number {
  const ledger = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!ledger) return 0;
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Apply every migration newer than the database, in order. Returns the versions applied
 * (empty when already current). Throws, changing nothing, if the database was written by a
 * newer app: running old code on a newer schema could silently lose data.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  assertOrdered(migrations);
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const found = schemaVersion(db);
  if (found > latest) throw newerSchemaError(db, found, latest);

  db.exec(CREATE_LEDGER);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const m of migrations) {
    const apply = db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated since we looked.
      const current = schemaVersion(db);
      if (current > latest) throw newerSchemaError(db, current, latest);
      if (m.version <= current) return false;
      m.up(db);
      record.run(m.version, m.name, new Date().toISOString());
      return true;
    });
    if (apply.immediate()) applied.push(m.version);
  }
  return applied;
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    const prev = migrations[i - 1];
    if (!Number.isInteger(m.version) || m.version < 1 || (prev && m.version <= prev.version)) {
      throw new Error(`Migration list is out of order at "${m.name}" (version ${m.version}): versions must be increasing integers ≥ 1`);
    }
  });
}

function newerSchemaError(db: Database.Database, found: number, latest: number): Error {
  return new Error(
    `Database ${db.name} has schema version ${found}, newer than this app supports (${latest}). ` +
      'It was written by a newer Distill Studio: update the app, or use another data folder.',
  );
}
