// Opening and closing the studio database (`studio.db` in the data folder).
// A file that is not SQLite, or is corrupt, is refused before anything is written to it: the
// user's data may be recoverable elsewhere, and "repairing" it by overwriting would destroy that.
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations/index';

/** Every SQLite 3 database file starts with these 16 bytes. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Open (creating if needed) the database at `file`, configure the connection and bring the
 * schema up to date. Throws an Error naming the file if it is not a usable SQLite database or
 * was written by a newer version of the app; such a file is left as it was.
 */
export function openDatabase(file: string): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  assertSqliteHeader(file);

  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (err) {
    throw openError(file, describe(err), err);
  }
  try {
    // Read-only integrity check first: nothing below may write to a damaged file.
    // quick_check is O(size of the database) but skips the slow index cross-checks.
    assertIntact(file, db);
    db.pragma('journal_mode = WAL'); // readers (UI) never wait for the metric writer
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000'); // app and CLI may share the file
    db.pragma('synchronous = NORMAL'); // durable at checkpoints; safe with WAL, much faster commits
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Fold the WAL back into the main file and close. Safe to call on a closed database. */
export function closeDatabase(db: Database.Database): void {
  if (!db.open) return;
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // A checkpoint can fail while another process reads; closing matters more, and the
    // next open replays the WAL anyway.
  }
  db.close();
}

function assertSqliteHeader(file: string): void {
  if (!existsSync(file)) return;
  const stat = statSync(file);
  if (!stat.isFile()) throw openError(file, 'it is not a regular file');
  // SQLite treats an empty file as a new database; that is what an interrupted first run leaves.
  if (stat.size === 0) return;
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read < head.length || !head.equals(SQLITE_HEADER)) {
    throw openError(file, 'it is not a SQLite database (unexpected file header); the file was left untouched');
  }
}

function assertIntact(file: string, db: Database.Database): void {
  let problems: string[];
  try {
    problems = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
  } catch (err) {
    throw openError(file, `it is corrupt (${describe(err)}); the file was left untouched`, err);
  }
  if (problems.length !== 1 || problems[0] !== 'ok') {
    const shown = problems.slice(0, 3).join('; ');
    throw openError(file, `it is corrupt (integrity check: ${shown}); the file was left untouched`);
  }
}

function openError(file: string, reason: string, cause?: unknown): Error {
  return new Error(`Cannot open database ${file}: ${reason}`, cause === undefined ? undefined : { cause });
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
