// The history behind the experiment UI: query, edit, archive and delete runs; metric keys and
// multi-run series (decimated with LTTB for drawing); run reports with gap recovered; the queue.
import type Database from 'better-sqlite3';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { getDataset, getMetricSeries, getRun, getRunSummary, getSlurmJob, nextQueuedRuns, renameRun, setRunNotes, setRunTags } from '../db';
import { deleteRuns, dependentsOf, metricKeys, queryRuns, setArchived, setQueueOrder, type RunQuery } from '../db/run-queries';
import type { MultiSeries, RunPage, RunReport } from '../../shared/history-types';
import { lttbIndices } from '../../shared/lttb';
import { gapRecovered } from '../../shared/presets';
import { StudioFailure } from '../../shared/result';
import type { MetricSeries, RunRecord } from '../../shared/types';
import type { EventBus } from './event-bus';
import { METRIC } from '../../shared/metric-keys';

export class HistoryService {
  constructor(
    private readonly db: Database.Database,
    private readonly runDir: (id: string) => string,
    private readonly events: EventBus,
    private readonly isActive: (id: string) => boolean,
  ) {}

  query(q: RunQuery): RunPage {
    return queryRuns(this.db, q);
  }

  update(u: { id: string; name?: string; notes?: string | null; tags?: string[] }): RunRecord {
    this.require(u.id);
    this.db.transaction(() => {
      if (u.name !== undefined) renameRun(this.db, u.id, u.name);
      if (u.notes !== undefined) setRunNotes(this.db, u.id, u.notes);
      if (u.tags !== undefined) setRunTags(this.db, u.id, [...new Set(u.tags)]);
    })();
    return this.require(u.id);
  }

  archive(ids: string[], archived: boolean): { changed: number } {
    return { changed: setArchived(this.db, ids, archived) };
  }

  /** Deletes finished runs with their files; refuses running ones and teachers still in use. */
  delete(ids: string[]): { deleted: number } {
    const unique = [...new Set(ids)];
    const missing = unique.filter((id) => !getRun(this.db, id));
    if (missing.length) throw new StudioFailure('not_found', `no run with id '${missing[0]}'${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}`);
    const busy = unique.map((id) => getRun(this.db, id)!).filter((r) => r.status === 'running' || this.isActive(r.id));
    if (busy.length)
      throw new StudioFailure('conflict', `cannot delete running run${busy.length > 1 ? 's' : ''} ${busy.map((r) => `'${r.name}'`).join(', ')}; cancel first`);
    const deps = dependentsOf(this.db, unique);
    if (deps.length) {
      const teacher = getRun(this.db, deps[0]!.teacher_run_id)!;
      throw new StudioFailure(
        'conflict',
        `run '${teacher.name}' is the teacher of ${deps.length} other run${deps.length > 1 ? 's' : ''} (e.g. '${deps[0]!.name}'); delete or select those too`,
      );
    }
    // A row whose id cannot name a folder (an old import) owns no files: only the row goes.
    const dirs = unique.map((id) => this.folderOf(id));
    // a Slurm run's job folder in the shared folder (named by the run id, never anything else) goes too
    const jobDirs = unique.map((id) => getSlurmJob(this.db, id)?.jobDir).filter((d, i): d is string => !!d && basename(d) === unique[i]);
    dirs.push(...jobDirs);
    const deleted = deleteRuns(this.db, unique);
    for (const dir of dirs) if (dir) rmSync(dir, { recursive: true, force: true });
    this.emitQueue();
    return { deleted };
  }

  metricKeys(ids?: string[]): string[] {
    return metricKeys(this.db, ids);
  }

  series(ids: string[], keys: string[], maxPoints?: number): MultiSeries {
    const out: MultiSeries = {};
    for (const id of ids) {
      this.require(id);
      const all = getMetricSeries(this.db, id, keys);
      out[id] = maxPoints ? decimate(all, maxPoints) : all;
    }
    return out;
  }

  report(id: string): RunReport {
    const run = this.require(id);
    const file = join(this.runDir(id), 'report.json');
    if (!existsSync(file)) {
      throw new StudioFailure('not_found', `run '${run.name}' has no final report yet (it is written when a run completes)`);
    }
    const r = JSON.parse(readFileSync(file, 'utf8')) as Omit<RunReport, 'classNames' | 'gapRecovered'>;
    const classNames = getDataset(this.db, run.datasetId)?.classNames ?? r.perClassAcc.map((_, i) => String(i));
    return {
      confusion: r.confusion,
      perClassAcc: r.perClassAcc,
      agreement: r.agreement ?? null,
      acc: r.acc,
      top5: r.top5,
      loss: r.loss,
      classNames,
      gapRecovered: this.gap(run),
    };
  }

  /** Gap recovered against the newest completed baseline (same dataset and student model). */
  private gap(run: RunRecord): RunReport['gapRecovered'] {
    if (run.kind !== 'distill' || !run.teacherRunId) return null;
    const acc = (id: string) => getRunSummary(this.db, id).find((m) => m.key === METRIC.valAcc)?.last ?? null;
    const baseline = this.db
      .prepare(
        `SELECT id FROM runs WHERE kind = 'student' AND status = 'completed' AND dataset_id = ? AND json_extract(config_json, '$.model') = ? ORDER BY created_at DESC LIMIT 1`,
      )
      .get(run.datasetId, run.config.model) as { id: string } | undefined;
    const [a, b, t] = [acc(run.id), baseline ? acc(baseline.id) : null, acc(run.teacherRunId)];
    if (a === null || b === null || t === null || !baseline) return null;
    const value = gapRecovered(a, b, t);
    return value === null ? null : { value, baselineRunId: baseline.id, baselineAcc: b, teacherAcc: t };
  }

  queue(): RunRecord[] {
    return nextQueuedRuns(this.db);
  }

  reorder(ids: string[]): RunRecord[] {
    const queued = new Set(nextQueuedRuns(this.db).map((r) => r.id));
    const unknown = ids.filter((id) => !queued.has(id));
    if (unknown.length) throw new StudioFailure('conflict', `run '${unknown[0]}' is not queued (it may have started meanwhile)`);
    setQueueOrder(this.db, ids);
    this.emitQueue();
    return this.queue();
  }

  emitQueue(): void {
    this.events.emit('queue:changed', { queued: this.queue() });
  }

  private folderOf(id: string): string | null {
    try {
      return this.runDir(id);
    } catch (e) {
      if (e instanceof StudioFailure) return null;
      throw e;
    }
  }

  private require(id: string): RunRecord {
    const run = getRun(this.db, id);
    if (!run) throw new StudioFailure('not_found', `no run with id '${id}'`);
    return run;
  }
}

function decimate(series: MetricSeries, maxPoints: number): MetricSeries {
  const out: MetricSeries = {};
  for (const [key, s] of Object.entries(series)) {
    const keep = lttbIndices(s.step, s.value, maxPoints);
    out[key] = { step: keep.map((i) => s.step[i]!), value: keep.map((i) => s.value[i]!), epoch: keep.map((i) => s.epoch[i]!) };
  }
  return out;
}
