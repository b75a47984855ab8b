// Migration 5: each run records the software it trained with (app, TF.js and Node versions,
// backend package, GPU use, platform) and the fingerprint of the dataset it read, so its record
// alone says how to reproduce it.
import type Database from 'better-sqlite3';

export const version = 5;
export const name = 'run-environment';

export function up(db: Database.Database): void {
  db.exec('ALTER TABLE runs ADD COLUMN environment_json TEXT;');
}
