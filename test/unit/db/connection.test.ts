// openDatabase / closeDatabase against real files: pragmas, folder creation, and refusal of
// files that are not (intact) SQLite databases without changing a byte of them.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { closeDatabase, openDatabase } from '../../../src-main/db/connection';
import { LATEST_SCHEMA_VERSION, schemaVersion } from '../../../src-main/db/migrations/index';
import { addRun, useTestDb } from './fixtures';

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('openDatabase', () => {
  const { open, tempDir } = useTestDb();

  it('configures WAL, foreign keys, busy timeout and NORMAL sync, and migrates', () => {
    const db = open();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // 1 = NORMAL
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    addRun(db);
    expect(existsSync(`${db.name}-wal`)).toBe(true);
  });

  it('creates missing parent folders', () => {
    const file = join(tempDir(), 'a', 'b', 'studio.db');
    const db = openDatabase(file);
    try {
      expect(existsSync(file)).toBe(true);
    } finally {
      closeDatabase(db);
    }
  });

  it('reopens an existing database with its data', () => {
    const file = join(tempDir(), 'studio.db');
    const first = openDatabase(file);
    addRun(first);
    closeDatabase(first);
    const again = openDatabase(file);
    try {
      expect(again.prepare('SELECT id FROM runs').pluck().all()).toEqual(['run-1']);
    } finally {
      closeDatabase(again);
    }
  });

  it('accepts an empty file as a new database', () => {
    const file = join(tempDir(), 'studio.db');
    writeFileSync(file, '');
    const db = openDatabase(file);
    try {
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      closeDatabase(db);
    }
  });

  it('refuses a file that is not SQLite, naming it, and leaves it byte-identical', () => {
    const file = join(tempDir(), 'studio.db');
    writeFileSync(file, 'name,value\n'.repeat(500));
    const before = sha(file);
    expect(() => openDatabase(file)).toThrow(/Cannot open database .*studio\.db: it is not a SQLite database/);
    expect(() => openDatabase(file)).toThrow(file);
    expect(sha(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a file shorter than a SQLite header', () => {
    const file = join(tempDir(), 'studio.db');
    writeFileSync(file, 'SQLite');
    expect(() => openDatabase(file)).toThrow(/not a SQLite database/);
    expect(readFileSync(file, 'utf8')).toBe('SQLite');
  });

  it('refuses a corrupt database (failed quick_check) and leaves it byte-identical', () => {
    const file = join(tempDir(), 'studio.db');
    const db = openDatabase(file);
    // Enough rows to span many pages, so damage lands inside table and index b-trees.
    addRun(db);
    const insert = db.prepare("INSERT INTO metrics (run_id, key, step, epoch, value) VALUES ('run-1', 'loss', ?, 0, ?)");
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run(i, Math.sin(i));
    })();
    closeDatabase(db);

    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    const pages = bytes.length / pageSize;
    expect(pages).toBeGreaterThan(10);
    // Scribble over the second half of the file, keeping the header page (and schema) intact.
    for (let p = Math.floor(pages / 2); p < pages; p++) bytes.fill(0xa5, p * pageSize + 8, (p + 1) * pageSize);
    writeFileSync(file, bytes);
    const before = sha(file);

    expect(() => openDatabase(file)).toThrow(/Cannot open database .*studio\.db: it is corrupt/);
    expect(sha(file)).toBe(before);
    expect(statSync(file).size).toBe(bytes.length);
  });

  it('refuses a folder where the file should be', () => {
    const dir = tempDir();
    expect(() => openDatabase(dir)).toThrow(/Cannot open database .*: it is not a regular file/);
  });
});

describe('closeDatabase', () => {
  const { tempDir } = useTestDb();

  it('checkpoints the WAL into the main file and tolerates a second close', () => {
    const file = join(tempDir(), 'studio.db');
    const db = openDatabase(file);
    addRun(db);
    closeDatabase(db);
    expect(db.open).toBe(false);
    expect(() => closeDatabase(db)).not.toThrow();
    // Everything is in the main file: a plain read-only open without the WAL sees the run.
    expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0);
    const ro = new Database(file, { readonly: true });
    try {
      expect(ro.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(1);
    } finally {
      ro.close();
    }
  });
});
