// Deleted datasets: marked rows disappear from the live set but keep their id (runs still point
// at them), are found again by fingerprint through its index, and can be restored in place.
import { describe, expect, it } from 'vitest';
import { getDataset, insertDataset } from '../../../src-main/db';
import {
  datasetIdTaken,
  datasetsByFingerprint,
  deletedDatasetIds,
  isDatasetDeleted,
  markDatasetDeleted,
  restoreDataset,
} from '../../../src-main/db/dataset-deletions-repo';
import { addRun, queryPlans, sampleDataset, useTestDb } from './fixtures';

const { open } = useTestDb();

describe('dataset deletions', () => {
  it('marks a dataset deleted without breaking the runs that use it', () => {
    const db = open();
    addRun(db, { datasetId: 'ds-1', status: 'completed' });
    markDatasetDeleted(db, 'ds-1', '2025-03-01T00:00:00.000Z');
    expect(isDatasetDeleted(db, 'ds-1')).toBe(true);
    expect(deletedDatasetIds(db)).toEqual(new Set(['ds-1']));
    expect(datasetIdTaken(db, 'ds-1')).toBe(true);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('finds rows by fingerprint, live ones first, through the fingerprint index', () => {
    const db = open();
    insertDataset(db, sampleDataset({ id: 'old', fingerprint: 'f1', createdAt: '2025-01-01T00:00:00.000Z' }));
    insertDataset(db, sampleDataset({ id: 'new', fingerprint: 'f1', createdAt: '2025-02-01T00:00:00.000Z' }));
    markDatasetDeleted(db, 'old', '2025-03-01T00:00:00.000Z');
    expect(datasetsByFingerprint(db, 'f1')).toEqual([
      { id: 'new', name: 'MNIST demo', deleted: false },
      { id: 'old', name: 'MNIST demo', deleted: true },
    ]);
    const [q] = queryPlans(db, () => datasetsByFingerprint(db, 'f1'));
    expect(q!.plan.join(' ')).toMatch(/USING INDEX idx_datasets_fingerprint/);
  });

  it('restores a deleted dataset in place with its new files and name', () => {
    const db = open();
    insertDataset(db, sampleDataset({ id: 'ds', fingerprint: 'f' }));
    markDatasetDeleted(db, 'ds', '2025-03-01T00:00:00.000Z');
    restoreDataset(db, { ...sampleDataset({ id: 'ds', name: 'back', fingerprint: 'f', createdAt: '2025-04-01T00:00:00.000Z' }), path: '/new/ds' });
    expect(isDatasetDeleted(db, 'ds')).toBe(false);
    expect(getDataset(db, 'ds')).toMatchObject({ name: 'back', createdAt: '2025-04-01T00:00:00.000Z' });
  });
});
