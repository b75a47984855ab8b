// Artifacts: files a run produced (checkpoints, exported models, reports), with size and hash
// so an export can be verified and a missing or altered file detected.
import type Database from 'better-sqlite3';

export interface NewArtifact {
  runId: string;
  kind: string; // 'checkpoint' | 'tfjs-model' | 'onnx' | 'report' ...
  path: string;
  bytes: number;
  sha256: string;
}

export interface ArtifactRecord extends NewArtifact {
  id: number;
  createdAt: string;
}

const COLUMNS = 'id, run_id AS runId, kind, path, bytes, sha256, created_at AS createdAt';

/** Record a file; created_at is set by the database (ISO-8601 UTC). Returns the stored row. */
export function insertArtifact(db: Database.Database, a: NewArtifact): ArtifactRecord {
  return db
    .prepare(`INSERT INTO artifacts (run_id, kind, path, bytes, sha256) VALUES (?, ?, ?, ?, ?) RETURNING ${COLUMNS}`)
    .get(a.runId, a.kind, a.path, a.bytes, a.sha256) as ArtifactRecord;
}

/** A run's artifacts in the order they were recorded. */
export function listArtifacts(db: Database.Database, runId: string): ArtifactRecord[] {
  return db.prepare(`SELECT ${COLUMNS} FROM artifacts WHERE run_id = ? ORDER BY id`).all(runId) as ArtifactRecord[];
}
