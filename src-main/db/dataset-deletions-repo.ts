// Deleted datasets (migration 002): a deleted dataset keeps its row, marked with `deleted_at`,
// so runs that used it stay valid. The live library is every row without the mark; re-importing
// the same content (same fingerprint) restores the row under its old id.
import type Database from 'better-sqlite3';
import type { DatasetSummary } from '../../shared/types';
import { datasetRowParams } from './datasets-repo';

export function markDatasetDeleted(db: Database.Database, id: string, at: string): void {
  db.prepare('UPDATE datasets SET deleted_at = ? WHERE id = ?').run(at, id);
}

export function deletedDatasetIds(db: Database.Database): Set<string> {
  const rows = db.prepare('SELECT id FROM datasets WHERE deleted_at IS NOT NULL').pluck().all() as string[];
  return new Set(rows);
}

export function isDatasetDeleted(db: Database.Database, id: string): boolean {
  return db.prepare('SELECT 1 FROM datasets WHERE id = ? AND deleted_at IS NOT NULL').get(id) !== undefined;
}

/** Any row (live or deleted) with this id: new ids must not reuse a deleted dataset's id. */
export function datasetIdTaken(db: Database.Database, id: string): boolean {
  return db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(id) !== undefined;
}

/** Rows with this content hash, live ones first, oldest first (uses idx_datasets_fingerprint). */
export function datasetsByFingerprint(db: Database.Database, fingerprint: string): { id: string; name: string; deleted: boolean }[] {
  const rows = db
    .prepare(
      `SELECT id, name, deleted_at IS NOT NULL AS deleted FROM datasets WHERE fingerprint = ?
       ORDER BY deleted, created_at, id`,
    )
    .all(fingerprint) as { id: string; name: string; deleted: number }[];
  return rows.map((r) => ({ id: r.id, name: r.name, deleted: r.deleted === 1 }));
}

/** Brings a deleted dataset back with freshly stored files (same id, new name/path/time). */
export function restoreDataset(db: Database.Database, d: DatasetSummary & { path: string }): void {
  db.prepare(
    `UPDATE datasets SET name = @name, format = @format, num_classes = @numClasses, num_samples = @numSamples,
       shape_json = @shapeJson, class_names_json = @classNamesJson, splits_json = @splitsJson,
       fingerprint = @fingerprint, bytes = @bytes, path = @path, created_at = @createdAt, deleted_at = NULL
     WHERE id = @id`,
  ).run(datasetRowParams(d));
}
