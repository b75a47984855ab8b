// Deleting a dataset removes only its own folder inside the data folder: a row whose stored path
// points elsewhere (a damaged or crafted database) loses its row, never the folder it names.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../src-main/db/connection';
import { insertDataset } from '../../src-main/db/datasets-repo';
import { deleteDatasetById } from '../../src-main/services/datasets-service';
import { sampleDataset } from '../unit/db/fixtures';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('distill-ds-delete-');

function setup(storedPath: (dataDir: string, outside: string) => string) {
  const dataDir = tempDir();
  const outside = tempDir();
  writeFileSync(join(outside, 'precious.txt'), 'keep me');
  mkdirSync(join(dataDir, 'datasets'), { recursive: true });
  const db = openDatabase(join(dataDir, 'studio.db'));
  insertDataset(db, { ...sampleDataset({ id: 'ds-1' }), path: storedPath(dataDir, outside) });
  return { dataDir, outside, db };
}

describe('dataset delete stays inside the data folder', () => {
  it('a stored path outside the datasets folder is left alone', () => {
    const { dataDir, outside, db } = setup((_d, o) => o);
    try {
      deleteDatasetById(db, dataDir, 'ds-1', true);
      expect(existsSync(join(outside, 'precious.txt'))).toBe(true);
    } finally {
      closeDatabase(db);
    }
  });

  it('a stored path that climbs out through .. is left alone', () => {
    const { dataDir, outside, db } = setup((d, o) => join(d, 'datasets', '..', '..', o.split('/').pop()!));
    try {
      deleteDatasetById(db, dataDir, 'ds-1', true);
      expect(existsSync(join(outside, 'precious.txt'))).toBe(true);
    } finally {
      closeDatabase(db);
    }
  });

  it("the dataset's own folder is still removed", () => {
    const { dataDir, db } = setup((d) => join(d, 'datasets', 'ds-1'));
    mkdirSync(join(dataDir, 'datasets', 'ds-1'));
    writeFileSync(join(dataDir, 'datasets', 'ds-1', 'meta.json'), '{}');
    try {
      deleteDatasetById(db, dataDir, 'ds-1', true);
      expect(existsSync(join(dataDir, 'datasets', 'ds-1'))).toBe(false);
    } finally {
      closeDatabase(db);
    }
  });
});
