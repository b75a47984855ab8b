// What the user reads when the services cannot start. The database cases use the real errors
// the database layer throws, so a change in its wording that breaks the dialog shows up here.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../../src-main/db';
import { describeBootError } from '../../../src-main/shell/boot-error';

const DATA = '/home/u/.config/Distill Studio';
const withCode = (code: string, message: string) => Object.assign(new Error(message), { code });
const dir = mkdtempSync(join(tmpdir(), 'studio-boot-error-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errorOpening(file: string): unknown {
  try {
    closeDatabase(openDatabase(file));
  } catch (err) {
    return err;
  }
  throw new Error(`expected opening ${file} to fail`);
}

describe('describeBootError', () => {
  it('explains a file that is not a database, and how to recover', () => {
    const file = join(dir, 'garbage.db');
    writeFileSync(file, 'this is not an SQLite file, just some bytes');
    const text = describeBootError(errorOpening(file), DATA);
    expect(text).toMatch(/^The Distill Studio database \(studio\.db\) is damaged/);
    expect(text).toContain('Move studio.db out of the data folder');
    expect(text).toContain(DATA);
  });

  it('explains a database written by a newer version', () => {
    const file = join(dir, 'newer.db');
    const db = openDatabase(file);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(999, 'future', 'now');
    closeDatabase(db);
    const text = describeBootError(errorOpening(file), DATA);
    expect(text).toMatch(/^This data folder was written by a newer version of Distill Studio/);
    expect(text).toContain('999');
  });

  it('explains SQLite corruption, busy, permission and disk-full codes', () => {
    expect(describeBootError(withCode('SQLITE_CORRUPT', 'database disk image is malformed'), DATA)).toMatch(/damaged/);
    expect(describeBootError(withCode('SQLITE_BUSY', 'database is locked'), DATA)).toMatch(/in use by another program/);
    expect(describeBootError(withCode('EACCES', "EACCES: permission denied, mkdir '/x'"), DATA)).toMatch(/permissions/);
    expect(describeBootError(withCode('ENOSPC', 'no space left on device'), DATA)).toMatch(/disk .* is full/);
  });

  it('never includes a stack trace, and handles non-Error values', () => {
    const err = new Error('something odd\n    at openDatabase (/app/out/main/index.js:10:5)');
    const text = describeBootError(err, DATA);
    expect(text).toContain('something odd');
    expect(text).not.toContain(' at ');
    expect(text).not.toContain('index.js');
    expect(describeBootError('plain string', DATA)).toContain('plain string');
    expect(describeBootError(undefined, DATA)).toContain('could not start');
    expect(describeBootError(null, DATA)).toContain('--data-dir');
  });
});
