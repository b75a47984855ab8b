// Unexpected database and file-system errors as users see them: the real errors better-sqlite3
// and node:fs throw (a foreign key, an unbindable value, a read-only database, a missing
// permission, a full disk) become one readable line with a code; the stack stays in the log.
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatch, type Handlers } from '../../src-main/services/dispatch';
import { describeUnexpected, resourceKind, resourceKindOfText } from '../../src-main/services/resource-errors';
import { topLevelMessage } from '../../src-main/cli/index';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('distill-dispatch-errors-');
afterEach(() => vi.restoreAllMocks());

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

function sqlite(dir: string): Database.Database {
  const db = new Database(join(dir, 'x.db'));
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE p (id TEXT PRIMARY KEY); CREATE TABLE c (id TEXT, p TEXT REFERENCES p (id));');
  return db;
}

async function viaDispatch(error: unknown, dataDir = '/data') {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const handlers = {
    'runs:get': () => {
      throw error;
    },
  } as unknown as Handlers;
  const r = await dispatch(handlers, 'runs:get', { id: 'x' }, dataDir);
  expect(console.error).toHaveBeenCalled(); // the full error goes to the log
  return r.ok ? null : r.error;
}

describe('unexpected errors in requests', () => {
  it('a foreign key failure is a conflict in plain words, not "FOREIGN KEY constraint failed"', async () => {
    const db = sqlite(tempDir());
    const e = thrown(() => db.prepare("INSERT INTO c VALUES ('a', 'missing')").run());
    db.close();
    const err = await viaDispatch(e);
    expect(err).toEqual({ code: 'conflict', message: 'runs:get: it refers to a run or dataset that does not exist, or one that other runs still use' });
  });

  it('an unbindable value is not shown as the binding message', async () => {
    const db = sqlite(tempDir());
    const e = thrown(() => db.prepare('INSERT INTO p VALUES (?)').run({}));
    db.close();
    const err = await viaDispatch(e);
    expect(err!.code).toBe('internal');
    expect(err!.message).not.toMatch(/SQLite3 can only bind/);
    expect(err!.message).toMatch(/^runs:get: the database refused the request/);
  });

  it('a read-only database, a full disk and a missing permission are io_error with what to do', async () => {
    const dir = tempDir();
    sqlite(dir).close();
    const ro = new Database(join(dir, 'x.db'), { readonly: true });
    const readOnly = thrown(() => ro.prepare("INSERT INTO p VALUES ('a')").run());
    ro.close();
    expect(await viaDispatch(readOnly, '/data')).toEqual({
      code: 'io_error',
      message: 'the data folder /data is read-only (handling runs:get): make it writable and try again',
    });

    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect(await viaDispatch(full, '/data')).toEqual({ code: 'io_error', message: 'disk full while handling runs:get: free space in /data and try again' });

    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const denied =
      process.getuid?.() === 0
        ? Object.assign(new Error(`EACCES: permission denied, open '${locked}/f'`), { code: 'EACCES' })
        : thrown(() => writeFileSync(join(locked, 'f'), 'x'));
    const err = await viaDispatch(denied, dir);
    expect(err).toEqual({
      code: 'io_error',
      message: `no permission to write in ${dir} while handling runs:get: check the folder's permissions and try again`,
    });
  });

  it('recognises resource errors by code and, from a worker, by text', () => {
    expect(resourceKind({ code: 'SQLITE_IOERR_WRITE' })).toBe('io');
    expect(resourceKind({ code: 'ENOSPC' })).toBe('disk_full');
    expect(resourceKind({ code: 'EROFS' })).toBe('read_only');
    expect(resourceKind(new Error('plain'))).toBeNull();
    expect(resourceKindOfText('ENOSPC: no space left on device, write')).toBe('disk_full');
    expect(resourceKindOfText('RangeError: out of bounds')).toBeNull();
    expect(describeUnexpected(new Error('two\nlines'), 'runs:get', null)).toEqual({ code: 'internal', message: 'two' });
  });

  it('the CLI prints one line for an error that reached the top', () => {
    expect(topLevelMessage(Object.assign(new Error('database or disk is full\n    at x (y.js:1:1)'), { code: 'SQLITE_FULL' }))).toBe(
      'disk full while working in the data folder: free space in the data folder and try again',
    );
    expect(topLevelMessage(new Error('first\n    at x (y.js:1:1)'))).toBe('first');
  });
});
