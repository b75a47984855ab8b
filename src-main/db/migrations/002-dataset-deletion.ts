// Migration 2: datasets can be deleted while runs still refer to them. Their files go, their row
// stays with `deleted_at` set, so those runs keep a valid dataset_id (and the fingerprint they
// recorded); re-importing the same content brings the dataset back under its old id.
import type Database from 'better-sqlite3';

export const version = 2;
export const name = 'dataset-deletion';

export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE datasets ADD COLUMN deleted_at TEXT;
  `);
}
