// The migration runner: ordering, one transaction per migration, the ledger, idempotence and
// refusal of databases written by a newer app. Uses small fake migrations on a bare database.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { closeDatabase, openDatabase } from '../../../../src-main/db/connection';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, schemaVersion, type Migration } from '../../../../src-main/db/migrations/index';
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir';

const fake = (version: number, sql: string): Migration => ({
  version,
  name: `fake-${version}`,
  up: (db) => {
    db.exec(sql);
  },
});

describe('migrate', () => {
  let dir = '';
  let db: Database.Database | undefined;
  const bare = (): Database.Database => {
    dir = makeTempDir('distill-migrate-');
    db = new Database(join(dir, 'studio.db'));
    return db;
  };
  afterEach(() => {
    if (db?.open) db.close();
    removeTempDir(dir);
  });

  it('applies pending migrations in order and records each in schema_migrations', () => {
    const d = bare();
    const order: number[] = [];
    const track = (m: Migration): Migration => ({ ...m, up: (x) => (order.push(m.version), m.up(x)) });
    const list = [fake(1, 'CREATE TABLE a (x)'), fake(2, 'ALTER TABLE a ADD COLUMN y'), fake(5, 'CREATE TABLE b (z)')];
    expect(migrate(d, list.map(track))).toEqual([1, 2, 5]);
    expect(order).toEqual([1, 2, 5]);
    const ledger = d.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as {
      version: number;
      name: string;
      applied_at: string;
    }[];
    expect(ledger.map((r) => [r.version, r.name])).toEqual([
      [1, 'fake-1'],
      [2, 'fake-2'],
      [5, 'fake-5'],
    ]);
    for (const r of ledger) expect(Number.isNaN(Date.parse(r.applied_at))).toBe(false);
    expect(schemaVersion(d)).toBe(5);
  });

  it('only applies migrations newer than the database', () => {
    const d = bare();
    migrate(d, [fake(1, 'CREATE TABLE a (x)')]);
    expect(migrate(d, [fake(1, 'CREATE TABLE a (x)'), fake(2, 'CREATE TABLE b (x)')])).toEqual([2]);
    expect(schemaVersion(d)).toBe(2);
  });

  it('is a no-op the second time: same ledger, same schema', () => {
    const d = bare();
    expect(migrate(d)).toEqual(MIGRATIONS.map((m) => m.version));
    const schema = d.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
    const ledger = d.prepare('SELECT * FROM schema_migrations').all();
    expect(migrate(d)).toEqual([]);
    expect(d.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()).toEqual(schema);
    expect(d.prepare('SELECT * FROM schema_migrations').all()).toEqual(ledger);
  });

  it('rolls back a failing migration entirely and keeps the earlier ones', () => {
    const d = bare();
    const broken = fake(2, 'CREATE TABLE half (x); INSERT INTO no_such_table VALUES (1)');
    expect(() => migrate(d, [fake(1, 'CREATE TABLE a (x)'), broken])).toThrow(/no_such_table/);
    expect(schemaVersion(d)).toBe(1);
    expect(d.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
  });

  it('refuses a database with a newer schema version, naming the file, and changes nothing', () => {
    const d = bare();
    migrate(d, [fake(1, 'CREATE TABLE a (x)'), fake(2, 'CREATE TABLE b (x)')]);
    const applied: number[] = [];
    const older = [{ ...fake(1, ''), up: () => applied.push(1) }];
    expect(() => migrate(d, older)).toThrow(/studio\.db has schema version 2, newer than this app supports \(1\)/);
    expect(applied).toEqual([]);
    expect(schemaVersion(d)).toBe(2);
  });

  it('rejects a migration list that is not strictly increasing', () => {
    const d = bare();
    expect(() => migrate(d, [fake(2, ''), fake(1, '')])).toThrow(/out of order/);
    expect(() => migrate(d, [fake(1, ''), fake(1, '')])).toThrow(/out of order/);
    expect(schemaVersion(d)).toBe(0);
  });
});

describe('openDatabase and schema versions', () => {
  let dir = '';
  afterEach(() => removeTempDir(dir));

  it('refuses to open a database written by a newer app', () => {
    dir = makeTempDir('distill-migrate-');
    const file = join(dir, 'studio.db');
    const db = openDatabase(file);
    db.prepare("INSERT INTO schema_migrations VALUES (?, 'from-the-future', '2030-01-01T00:00:00.000Z')").run(LATEST_SCHEMA_VERSION + 1);
    closeDatabase(db);
    expect(() => openDatabase(file)).toThrow(new RegExp(`${file.replace(/[.\\]/g, '\\$&')} has schema version`));
    expect(() => openDatabase(file)).toThrow(/update the app/);
  });
});
