// Migration 6: a running run records the process that trains it (PID and, on Linux, the kernel's
// start time of that PID) so that start-up recovery can tell a worker that is still alive from one
// that is gone, instead of assuming every `running` run was orphaned.
import type Database from 'better-sqlite3';

export const version = 6;
export const name = 'run-worker-process';

export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE runs ADD COLUMN worker_pid INTEGER;
    ALTER TABLE runs ADD COLUMN worker_start TEXT;
  `);
}
