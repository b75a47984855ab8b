// A real import service over a temp data folder and a real SQLite database, for the import tests:
// runs imports, records progress events, and tells what is left in the library folder and table.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type Database from 'better-sqlite3';
import { closeDatabase, openDatabase } from '../../../src-main/db';
import type { ShardWriter } from '../../../src-main/datasets/shard-writer';
import { DatasetImports } from '../../../src-main/services/dataset-imports';
import { EventBus } from '../../../src-main/services/event-bus';
import type { RequestInput } from '../../../shared/contract';
import { DatasetImportSchema } from '../../../shared/schemas/datasets';
import type { DatasetImportProgress } from '../../../shared/types';
import { makeTempDir, removeTempDir } from '../../helpers/temp-dir';

export interface Harness {
  dataDir: string;
  db: Database.Database;
  events: EventBus;
  imports: DatasetImports;
  progress: DatasetImportProgress[];
  /** Runs an import with schema defaults applied, as the dispatcher would. */
  run(input: RequestInput<'datasets:import'>): ReturnType<DatasetImports['import']>;
  /** Entries of datasets/ (temp folders included) and dataset rows. */
  leftovers(): { folders: string[]; rows: string[] };
}

export function useImportHarness(): (opts?: { writer?: ShardWriter }) => Harness {
  const made: { dir: string; db: Database.Database }[] = [];
  afterEach(() => {
    for (const m of made.splice(0)) {
      closeDatabase(m.db);
      removeTempDir(m.dir);
    }
  });
  return (opts = {}) => {
    const dataDir = makeTempDir('distill-import-');
    const db = openDatabase(join(dataDir, 'studio.db'));
    made.push({ dir: dataDir, db });
    const events = new EventBus();
    const progress: DatasetImportProgress[] = [];
    events.on((e, p) => {
      if (e === 'dataset:importProgress') progress.push(p as DatasetImportProgress);
    });
    const imports = new DatasetImports({ db, dataDir, events, writer: opts.writer, progressIntervalMs: 0 });
    return {
      dataDir,
      db,
      events,
      imports,
      progress,
      run: (input) => imports.import(DatasetImportSchema.parse(input)),
      leftovers: () => {
        const dir = join(dataDir, 'datasets');
        return {
          folders: existsSync(dir) ? readdirSync(dir).sort() : [],
          rows: db.prepare('SELECT id FROM datasets ORDER BY id').pluck().all() as string[],
        };
      },
    };
  };
}
