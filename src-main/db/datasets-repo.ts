// Datasets table: one row per imported dataset. Array/object fields are stored as JSON text;
// `path` (where the shards live) stays in main and never reaches the renderer.
import type Database from 'better-sqlite3';
import type { DatasetSummary } from '../../shared/types';

interface DatasetRow {
  id: string;
  name: string;
  format: string;
  num_classes: number;
  num_samples: number;
  shape_json: string;
  class_names_json: string;
  splits_json: string;
  fingerprint: string;
  bytes: number;
  created_at: string;
}

const COLUMNS = `id, name, format, num_classes, num_samples, shape_json, class_names_json, splits_json,
  fingerprint, bytes, created_at`;

/** Named SQL parameters of a dataset row (insert and restore use the same mapping). */
export function datasetRowParams(d: DatasetSummary & { path: string }) {
  return {
    id: d.id,
    name: d.name,
    format: d.format,
    numClasses: d.numClasses,
    numSamples: d.numSamples,
    shapeJson: JSON.stringify(d.shape),
    classNamesJson: JSON.stringify(d.classNames),
    splitsJson: JSON.stringify(d.splits),
    fingerprint: d.fingerprint,
    bytes: d.bytes,
    createdAt: d.createdAt,
    path: d.path,
  };
}

export function insertDataset(db: Database.Database, d: DatasetSummary & { path: string }): void {
  db.prepare(
    `INSERT INTO datasets (${COLUMNS}, path)
     VALUES (@id, @name, @format, @numClasses, @numSamples, @shapeJson, @classNamesJson, @splitsJson,
             @fingerprint, @bytes, @createdAt, @path)`,
  ).run(datasetRowParams(d));
}

/** All datasets, oldest first. */
export function listDatasets(db: Database.Database): DatasetSummary[] {
  const rows = db.prepare(`SELECT ${COLUMNS} FROM datasets ORDER BY created_at, id`).all() as DatasetRow[];
  return rows.map(toSummary);
}

export function getDataset(db: Database.Database, id: string): DatasetSummary | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM datasets WHERE id = ?`).get(id) as DatasetRow | undefined;
  return row && toSummary(row);
}

export function getDatasetPath(db: Database.Database, id: string): string | undefined {
  const row = db.prepare('SELECT path FROM datasets WHERE id = ?').get(id) as { path: string } | undefined;
  return row?.path;
}

/**
 * Delete a dataset row (its files are the caller's business). Throws a readable error if runs
 * still use it: their configs would no longer be reproducible.
 */
export function deleteDataset(db: Database.Database, id: string): void {
  try {
    db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      throw new Error(`Dataset ${id} is used by runs; delete those runs first`, { cause: err });
    }
    throw err;
  }
}

/** The oldest dataset with this content hash, so re-importing the same files can be detected. */
export function findDatasetByFingerprint(db: Database.Database, fingerprint: string): DatasetSummary | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM datasets WHERE fingerprint = ? ORDER BY created_at, id LIMIT 1`).get(fingerprint) as DatasetRow | undefined;
  return row && toSummary(row);
}

function toSummary(row: DatasetRow): DatasetSummary {
  return {
    id: row.id,
    name: row.name,
    format: row.format,
    numClasses: row.num_classes,
    numSamples: row.num_samples,
    shape: JSON.parse(row.shape_json) as DatasetSummary['shape'],
    classNames: JSON.parse(row.class_names_json) as string[],
    splits: JSON.parse(row.splits_json) as Record<string, number>,
    fingerprint: row.fingerprint,
    bytes: row.bytes,
    createdAt: row.created_at,
  };
}
