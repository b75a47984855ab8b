// The runs table of the history screen: server-side filtering, sorting and paging over any number
// of runs, with metric columns (best/last/min/max of any key) read from run_summary. One SQL
// query per page, so the table stays fast at 10,000 runs.
import type Database from 'better-sqlite3';
import type { RunRecord } from '../../shared/types';
import type { RunRow } from '../../shared/history-types';
import { getRun } from './runs-repo';
import { METRIC } from '../../shared/metric-keys';

export type MetricAgg = 'best' | 'last' | 'min' | 'max';

export interface RunQuery {
  search?: string;
  status?: string[];
  kind?: string[];
  method?: string[];
  kernel?: string[];
  datasetId?: string;
  tag?: string;
  from?: string;
  to?: string;
  archived: boolean;
  sort: { by: 'created' | 'name' | 'status' | 'kind' | 'duration' | 'metric'; metric?: { key: string; agg: MetricAgg }; dir: 'asc' | 'desc' };
  columns: { key: string; agg: MetricAgg }[];
  offset: number;
  limit: number;
}

/** Higher is better for accuracies and agreement; lower for everything else (losses). */
export const higherIsBetter = (key: string): boolean => /acc|agreement|top5|throughput/.test(key);

/** SQL expression of an aggregate over the run_summary alias `s`. */
function aggExpr(alias: string, key: string, agg: MetricAgg): string {
  const best = higherIsBetter(key) ? 'max' : 'min';
  return `${alias}.${agg === 'best' ? best : agg}`;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const marks = (n: number) => new Array(n).fill('?').join(', ');

function whereClause(q: RunQuery): { sql: string; params: unknown[] } {
  const where: string[] = ['r.archived = ?'];
  const params: unknown[] = [q.archived ? 1 : 0];
  const inList = (col: string, values?: string[]) => {
    if (!values?.length) return;
    where.push(`${col} IN (${marks(values.length)})`);
    params.push(...values);
  };
  inList('r.status', q.status);
  inList('r.kind', q.kind);
  if (q.datasetId) {
    where.push('r.dataset_id = ?');
    params.push(q.datasetId);
  }
  if (q.search) {
    const p = `%${escapeLike(q.search)}%`;
    where.push(`(r.name LIKE ? ESCAPE '\\' OR r.notes LIKE ? ESCAPE '\\' OR r.id LIKE ? ESCAPE '\\' OR r.config_json LIKE ? ESCAPE '\\')`);
    params.push(p, p, p, p);
  }
  if (q.tag) {
    where.push('EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.tag = ?)');
    params.push(q.tag);
  }
  if (q.method?.length) {
    // Runs without terms train with ce alone.
    const ceOnly = q.method.includes('ce') ? `OR json_array_length(r.config_json, '$.terms') = 0` : '';
    where.push(
      `(EXISTS (SELECT 1 FROM json_each(r.config_json, '$.terms') j WHERE json_extract(j.value, '$.method') IN (${marks(q.method.length)})) ${ceOnly})`,
    );
    params.push(...q.method);
  }
  if (q.kernel?.length) {
    where.push(`EXISTS (SELECT 1 FROM json_each(r.config_json, '$.terms') j WHERE json_extract(j.value, '$.method') = 'nst'
      AND coalesce(json_extract(j.value, '$.options.kernel'), 'poly') IN (${marks(q.kernel.length)}))`);
    params.push(...q.kernel);
  }
  if (q.from) {
    where.push('r.created_at >= ?');
    params.push(q.from);
  }
  if (q.to) {
    where.push('r.created_at <= ?');
    params.push(q.to.length === 10 ? `${q.to}T23:59:59.999Z` : q.to);
  }
  return { sql: `WHERE ${where.join(' AND ')}`, params };
}

const DURATION = `(julianday(r.finished_at) - julianday(r.started_at)) * 86400.0`;

export function queryRuns(db: Database.Database, q: RunQuery): { total: number; rows: RunRow[] } {
  const { sql: where, params } = whereClause(q);
  const total = (db.prepare(`SELECT count(*) AS n FROM runs r ${where}`).get(...params) as { n: number }).n;

  const dir = q.sort.dir === 'asc' ? 'ASC' : 'DESC';
  let join = '';
  const joinParams: unknown[] = [];
  let order: string;
  switch (q.sort.by) {
    case 'metric': {
      const m = q.sort.metric ?? { key: METRIC.valAcc, agg: 'best' as const };
      join = 'LEFT JOIN run_summary so ON so.run_id = r.id AND so.key = ?';
      joinParams.push(m.key);
      order = `(${aggExpr('so', m.key, m.agg)} IS NULL), ${aggExpr('so', m.key, m.agg)} ${dir}`;
      break;
    }
    case 'duration':
      order = `(r.finished_at IS NULL OR r.started_at IS NULL), ${DURATION} ${dir}`;
      break;
    case 'name':
      order = `r.name COLLATE NOCASE ${dir}`;
      break;
    case 'status':
      order = `r.status ${dir}`;
      break;
    case 'kind':
      order = `r.kind ${dir}`;
      break;
    default:
      order = `r.created_at ${dir}`;
  }
  const ids = (
    db
      .prepare(`SELECT r.id FROM runs r ${join} ${where} ORDER BY ${order}, r.created_at DESC, r.id DESC LIMIT ? OFFSET ?`)
      .all(...joinParams, ...params, q.limit, q.offset) as { id: string }[]
  ).map((r) => r.id);
  return { total, rows: runRows(db, ids, q.columns) };
}

/** Full rows (record, archived flag, duration, requested metric columns) for ids, in order. */
export function runRows(db: Database.Database, ids: string[], columns: RunQuery['columns']): RunRow[] {
  if (!ids.length) return [];
  const extra = db.prepare(`SELECT id, archived, ${DURATION} AS duration FROM runs r WHERE id IN (${marks(ids.length)})`).all(...ids) as {
    id: string;
    archived: number;
    duration: number | null;
  }[];
  const byId = new Map(extra.map((e) => [e.id, e]));
  const keys = [...new Set(columns.map((c) => c.key))];
  const summaries = keys.length
    ? (db
        .prepare(`SELECT run_id, key, last, min, max FROM run_summary WHERE key IN (${marks(keys.length)}) AND run_id IN (${marks(ids.length)})`)
        .all(...keys, ...ids) as { run_id: string; key: string; last: number | null; min: number | null; max: number | null }[])
    : [];
  const summary = new Map(summaries.map((s) => [`${s.run_id}\u0000${s.key}`, s]));
  return ids.map((id) => {
    const record = getRun(db, id) as RunRecord;
    const metrics: Record<string, number | null> = {};
    for (const c of columns) {
      const s = summary.get(`${id}\u0000${c.key}`);
      const agg = c.agg === 'best' ? (higherIsBetter(c.key) ? 'max' : 'min') : c.agg;
      metrics[`${c.key}:${c.agg}`] = s ? s[agg] : null;
    }
    const e = byId.get(id);
    return { ...record, archived: e?.archived === 1, durationSeconds: e?.duration ?? null, metrics };
  });
}

/** Every metric key recorded by the given runs (or by any run), sorted. */
export function metricKeys(db: Database.Database, ids?: string[]): string[] {
  const rows = ids?.length
    ? db.prepare(`SELECT DISTINCT key FROM run_summary WHERE run_id IN (${marks(ids.length)}) ORDER BY key`).all(...ids)
    : db.prepare('SELECT DISTINCT key FROM run_summary ORDER BY key').all();
  return (rows as { key: string }[]).map((r) => r.key);
}

export function setArchived(db: Database.Database, ids: string[], archived: boolean): number {
  return db.prepare(`UPDATE runs SET archived = ? WHERE id IN (${marks(ids.length)})`).run(archived ? 1 : 0, ...ids).changes;
}

/** Deletes runs and (by cascade) their tags, metrics, summaries, logs and artifacts, atomically. */
export function deleteRuns(db: Database.Database, ids: string[]): number {
  return db.transaction(() => db.prepare(`DELETE FROM runs WHERE id IN (${marks(ids.length)})`).run(...ids).changes)();
}

/** Runs outside `ids` that use one of `ids` as their teacher. */
export function dependentsOf(db: Database.Database, ids: string[]): { id: string; name: string; teacher_run_id: string }[] {
  return db
    .prepare(`SELECT id, name, teacher_run_id FROM runs WHERE teacher_run_id IN (${marks(ids.length)}) AND id NOT IN (${marks(ids.length)})`)
    .all(...ids, ...ids) as { id: string; name: string; teacher_run_id: string }[];
}

/** Puts the given queued runs first, in this order; other queued runs keep their relative order after them. */
export function setQueueOrder(db: Database.Database, ids: string[]): void {
  db.transaction(() => {
    const stmt = db.prepare(`UPDATE runs SET queue_position = ? WHERE id = ? AND status = 'queued'`);
    ids.forEach((id, i) => stmt.run(i + 1, id));
    db.prepare(`UPDATE runs SET queue_position = NULL WHERE status = 'queued' AND id NOT IN (${marks(ids.length)})`).run(...ids);
  })();
}
