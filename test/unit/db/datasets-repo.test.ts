// datasets-repo: round-trips of every field, ordering, lookup by fingerprint, and deletion rules.
import { describe, expect, it } from 'vitest';
import { deleteDataset, findDatasetByFingerprint, getDataset, getDatasetPath, insertDataset, listDatasets } from '../../../src-main/db/datasets-repo';
import { addRun, sampleDataset, useTestDb } from './fixtures';

describe('datasets-repo', () => {
  const { open } = useTestDb();

  it('round-trips every field, and keeps the path out of the summary', () => {
    const db = open();
    const { path, ...summary } = sampleDataset({ splits: { train: 50_000, val: 10_000 }, shape: [32, 32, 3] });
    insertDataset(db, { ...summary, path });
    expect(getDataset(db, summary.id)).toEqual(summary);
    expect(getDataset(db, summary.id)).not.toHaveProperty('path');
    expect(getDatasetPath(db, summary.id)).toBe(path);
  });

  it('answers undefined for unknown ids', () => {
    const db = open();
    expect(getDataset(db, 'nope')).toBeUndefined();
    expect(getDatasetPath(db, 'nope')).toBeUndefined();
    expect(findDatasetByFingerprint(db, 'nope')).toBeUndefined();
  });

  it('lists datasets oldest first', () => {
    const db = open();
    insertDataset(db, sampleDataset({ id: 'b', createdAt: '2025-03-01T00:00:00.000Z' }));
    insertDataset(db, sampleDataset({ id: 'a', createdAt: '2025-05-01T00:00:00.000Z' }));
    insertDataset(db, sampleDataset({ id: 'c', createdAt: '2025-01-01T00:00:00.000Z' }));
    expect(listDatasets(db).map((d) => d.id)).toEqual(['c', 'b', 'a']);
  });

  it('rejects a duplicate id', () => {
    const db = open();
    insertDataset(db, sampleDataset());
    expect(() => insertDataset(db, sampleDataset())).toThrow(/UNIQUE constraint failed: datasets.id/);
  });

  it('finds the oldest dataset with a fingerprint', () => {
    const db = open();
    insertDataset(db, sampleDataset({ id: 'new', fingerprint: 'abc', createdAt: '2025-02-01T00:00:00.000Z' }));
    insertDataset(db, sampleDataset({ id: 'old', fingerprint: 'abc', createdAt: '2025-01-01T00:00:00.000Z' }));
    insertDataset(db, sampleDataset({ id: 'other', fingerprint: 'def' }));
    expect(findDatasetByFingerprint(db, 'abc')?.id).toBe('old');
    expect(findDatasetByFingerprint(db, 'def')?.id).toBe('other');
  });

  it('deletes an unused dataset and refuses one that runs still use', () => {
    const db = open();
    insertDataset(db, sampleDataset({ id: 'unused' }));
    deleteDataset(db, 'unused');
    expect(getDataset(db, 'unused')).toBeUndefined();

    addRun(db, { datasetId: 'used' });
    expect(() => deleteDataset(db, 'used')).toThrow('Dataset used is used by runs; delete those runs first');
    expect(getDataset(db, 'used')).toBeDefined();
  });
});
