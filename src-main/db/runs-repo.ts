// Runs table: one row per training run (teacher, student or distillation). The run's config is
// stored whole as JSON (it is the reproducibility record); tags come from run_tags.
// Updates of an unknown id change nothing: callers that must report "not found" check with getRun.
import type Database from 'better-sqlite3';
import type { RunConfig, RunKind } from '../../shared/schemas/run-config';
import type { RunEnvironment, RunRecord, RunStatus } from '../../shared/types';
import { setRunTags } from './tags-repo';

export interface NewRun {
  id: string;
  name: string;
  kind: RunKind;
  status: RunStatus;
  config: RunConfig;
  datasetId: string;
  teacherRunId: string | null;
  seed: number;
  createdAt: string;
  notes?: string | null;
  tags?: string[];
}

export interface RunListFilter {
  /** Empty or absent: any status. */
  status?: string[];
  /** Empty or absent: any kind. */
  kind?: string[];
  datasetId?: string;
  /** Substring of name, notes or id (case-insensitive for ASCII); % and _ match literally. */
  search?: string;
  limit?: number;
  offset?: number;
}

interface RunRow {
  id: string;
  name: string;
  kind: RunKind;
  status: RunStatus;
  config_json: string;
  dataset_id: string;
  teacher_run_id: string | null;
  seed: number;
  backend: string | null;
  backend_reason: string | null;
  environment_json: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  notes: string | null;
  tags_json: string;
}

// Tags ride along as a JSON array from a correlated subquery (primary-key lookup per run), so a
// page of runs is one query; insertion order is kept because users type tags in a meaningful order.
const SELECT_RUN = `
  SELECT r.id, r.name, r.kind, r.status, r.config_json, r.dataset_id, r.teacher_run_id, r.seed,
         r.backend, r.backend_reason, r.environment_json, r.created_at, r.started_at, r.finished_at, r.error, r.notes,
         (SELECT json_group_array(t.tag ORDER BY t.rowid) FROM run_tags t WHERE t.run_id = r.id) AS tags_json
  FROM runs r`;

export function insertRun(db: Database.Database, r: NewRun): RunRecord {
  const insert = db.transaction(() => {
    db.prepare(
      `INSERT INTO runs (id, name, kind, status, config_json, dataset_id, teacher_run_id, seed, created_at, notes)
       VALUES (@id, @name, @kind, @status, @configJson, @datasetId, @teacherRunId, @seed, @createdAt, @notes)`,
    ).run({
      id: r.id,
      name: r.name,
      kind: r.kind,
      status: r.status,
      configJson: JSON.stringify(r.config),
      datasetId: r.datasetId,
      teacherRunId: r.teacherRunId,
      seed: r.seed,
      createdAt: r.createdAt,
      notes: r.notes ?? null,
    });
    setRunTags(db, r.id, r.tags ?? []);
    return getRun(db, r.id) as RunRecord;
  });
  return insert();
}

export function getRun(db: Database.Database, id: string): RunRecord | undefined {
  const row = db.prepare(`${SELECT_RUN} WHERE r.id = ?`).get(id) as RunRow | undefined;
  return row && toRecord(row);
}

/** Runs matching every given filter, newest first (id breaks ties, so pages are stable). */
export function listRuns(db: Database.Database, filter: RunListFilter = {}): RunRecord[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.status?.length) {
    where.push(`r.status IN (${placeholders(filter.status)})`);
    params.push(...filter.status);
  }
  if (filter.kind?.length) {
    where.push(`r.kind IN (${placeholders(filter.kind)})`);
    params.push(...filter.kind);
  }
  if (filter.datasetId !== undefined) {
    where.push('r.dataset_id = ?');
    params.push(filter.datasetId);
  }
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search)}%`;
    where.push(`(r.name LIKE ? ESCAPE '\\' OR r.notes LIKE ? ESCAPE '\\' OR r.id LIKE ? ESCAPE '\\')`);
    params.push(pattern, pattern, pattern);
  }
  // LIMIT -1 is SQLite for "no limit"; OFFSET needs a LIMIT clause to exist.
  params.push(filter.limit ?? -1, filter.offset ?? 0);
  const sql = `${SELECT_RUN}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY r.created_at DESC, r.id DESC
    LIMIT ? OFFSET ?`;
  return (db.prepare(sql).all(...params) as RunRow[]).map(toRecord);
}

/** Set the status and, for each field given (null clears it), the error and timestamps. */
export function updateRunStatus(
  db: Database.Database,
  id: string,
  status: RunStatus,
  fields: { error?: string | null; startedAt?: string | null; finishedAt?: string | null } = {},
): void {
  const sets = ['status = @status'];
  if (fields.error !== undefined) sets.push('error = @error');
  if (fields.startedAt !== undefined) sets.push('started_at = @startedAt');
  if (fields.finishedAt !== undefined) sets.push('finished_at = @finishedAt');
  db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = @id`).run({
    id,
    status,
    error: fields.error ?? null,
    startedAt: fields.startedAt ?? null,
    finishedAt: fields.finishedAt ?? null,
  });
}

/** Record which tfjs backend the worker loaded and why (e.g. "no CUDA 11.2: using CPU"). */
export function setRunBackend(db: Database.Database, id: string, backend: string, reason: string): void {
  db.prepare('UPDATE runs SET backend = ?, backend_reason = ? WHERE id = ?').run(backend, reason, id);
}

/** Record what the run trains with (versions, backend, dataset fingerprint). */
export function setRunEnvironment(db: Database.Database, id: string, env: RunEnvironment): void {
  db.prepare('UPDATE runs SET environment_json = ? WHERE id = ?').run(JSON.stringify(env), id);
}

/**
 * At startup, no worker is alive: every run still marked running died with the previous
 * process. Marks them interrupted with `reason` and returns their ids. finished_at stays empty
 * because when they actually stopped is unknown.
 */
export function markRunningAsInterrupted(db: Database.Database, reason: string): string[] {
  const rows = db.prepare("UPDATE runs SET status = 'interrupted', error = ? WHERE status = 'running' RETURNING id").all(reason) as { id: string }[];
  return rows.map((r) => r.id).sort();
}

/** Queued runs, oldest first: the order the queue starts them in. */
export function nextQueuedRuns(db: Database.Database): RunRecord[] {
  const rows = db
    .prepare(`${SELECT_RUN} WHERE r.status = 'queued' ORDER BY (r.queue_position IS NULL), r.queue_position, r.created_at, r.id`)
    .all() as RunRow[];
  return rows.map(toRecord);
}

export function renameRun(db: Database.Database, id: string, name: string): void {
  db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(name, id);
}

export function setRunNotes(db: Database.Database, id: string, notes: string | null): void {
  db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(notes, id);
}

function toRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    status: row.status,
    config: JSON.parse(row.config_json) as RunConfig,
    datasetId: row.dataset_id,
    teacherRunId: row.teacher_run_id,
    seed: row.seed,
    backend: row.backend,
    backendReason: row.backend_reason,
    environment: row.environment_json ? (JSON.parse(row.environment_json) as RunEnvironment) : null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    notes: row.notes,
    tags: JSON.parse(row.tags_json) as string[],
  };
}

function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/** Make user text match literally inside LIKE (with ESCAPE '\'). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
