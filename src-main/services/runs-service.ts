// Run lifecycle as seen by users: create (validated against datasets, models and teachers),
// queue, cancel, and read back records, metrics and logs.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  getMetricSeries,
  getRun,
  getRunSummary,
  insertRun,
  listRunLogs,
  listRuns,
  updateRunStatus,
} from '../db';
import { MODEL_CATALOG as MODEL_REGISTRY } from '../training/core/models/catalog';
import { hasCheckpoint } from '../training/checkpoint-probe';
import type { Supervisor } from '../training/supervisor';
import type { ParsedInput } from '../../shared/contract';
import { StudioFailure } from '../../shared/result';
import type { RunConfig } from '../../shared/schemas/run-config';
import type { MetricSeries, RunDetail, RunLogLine, RunRecord } from '../../shared/types';
import { requireDataset } from './datasets-service';
import type { EventBus } from './event-bus';

export class RunsService {
  constructor(
    private readonly db: Database.Database,
    private readonly supervisor: Supervisor,
    private readonly events: EventBus,
    private readonly runDir: (id: string) => string,
  ) {}

  start(input: RunConfig): RunRecord {
    let config = input;
    requireDataset(this.db, config.datasetId);
    if (!MODEL_REGISTRY.has(config.model)) {
      throw new StudioFailure('invalid_input', `model: unknown model '${config.model}' (available: ${[...MODEL_REGISTRY.keys()].join(', ')})`);
    }
    if (config.teacherRunId) {
      const teacher = getRun(this.db, config.teacherRunId);
      if (!teacher) throw new StudioFailure('invalid_input', `teacherRunId: no run with id '${config.teacherRunId}'`);
      if (!['completed', 'queued', 'running'].includes(teacher.status)) {
        throw new StudioFailure('invalid_input', `teacherRunId: run '${teacher.name}' is ${teacher.status}; a teacher must be completed (or still queued or running)`);
      }
      if (teacher.datasetId !== config.datasetId) {
        throw new StudioFailure('invalid_input', `teacherRunId: run '${teacher.name}' was trained on dataset ${teacher.datasetId}, not ${config.datasetId}`);
      }
    }
    if (config.teacherModelPath) {
      const file = config.teacherModelPath.endsWith('.json') ? config.teacherModelPath : join(config.teacherModelPath, 'model.json');
      if (!existsSync(file)) throw new StudioFailure('invalid_input', `teacherModelPath: no TF.js model at ${file}`);
      config = { ...config, teacherModelPath: resolve(file) };
    }
    const id = randomUUID();
    const run = insertRun(this.db, {
      id,
      name: config.name ?? `${config.kind} ${config.model} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
      kind: config.kind,
      status: 'queued',
      config,
      datasetId: config.datasetId,
      teacherRunId: config.teacherRunId ?? null,
      seed: config.seed,
      createdAt: new Date().toISOString(),
      notes: config.notes ?? null,
      tags: config.tags,
    });
    this.events.emit('run:status', { runId: id, status: 'queued', error: null, run });
    this.supervisor.pump();
    return getRun(this.db, id)!;
  }

  cancel(id: string): RunRecord {
    const run = this.require(id);
    if (run.status === 'queued') {
      updateRunStatus(this.db, id, 'cancelled', { finishedAt: new Date().toISOString() });
      const updated = this.require(id);
      this.events.emit('run:status', { runId: id, status: 'cancelled', error: null, run: updated });
      return updated;
    }
    if (run.status !== 'running' || !this.supervisor.cancel(id)) {
      throw new StudioFailure('conflict', `run '${run.name}' is ${run.status}; only queued or running runs can be cancelled`);
    }
    return this.require(id);
  }

  /**
   * Queues a stopped run again; its worker continues from the last checkpoint. A `failed` run is
   * resumable when it has a checkpoint (a full disk, a killed worker): what failed was the machine,
   * not the training, and the checkpoint holds everything up to the failure.
   */
  resume(id: string): RunRecord {
    const run = this.require(id);
    const failedWithCheckpoint = run.status === 'failed' && hasCheckpoint(this.runDir(id));
    if (run.status !== 'interrupted' && run.status !== 'cancelled' && !failedWithCheckpoint) {
      const why = run.status === 'failed' ? 'failed before its first checkpoint; start it again instead' : `is ${run.status}`;
      throw new StudioFailure('conflict', `run '${run.name}' ${why}; only interrupted, cancelled or failed runs with a checkpoint can be resumed`);
    }
    updateRunStatus(this.db, id, 'queued', { error: null, finishedAt: null });
    const queued = this.require(id);
    this.events.emit('run:status', { runId: id, status: 'queued', error: null, run: queued });
    this.supervisor.pump();
    return this.require(id);
  }

  list(filter: ParsedInput<'runs:list'>): RunRecord[] {
    return listRuns(this.db, filter ?? {});
  }

  get(id: string): RunDetail {
    const run = this.require(id);
    return { ...run, summary: getRunSummary(this.db, id), progress: this.supervisor.progressOf(id) };
  }

  metrics(id: string, keys?: string[]): MetricSeries {
    this.require(id);
    return getMetricSeries(this.db, id, keys);
  }

  logs(id: string, limit: number): RunLogLine[] {
    this.require(id);
    return listRunLogs(this.db, id, limit);
  }

  require(id: string): RunRecord {
    const run = getRun(this.db, id);
    if (!run) throw new StudioFailure('not_found', `no run with id '${id}'`);
    return run;
  }
}
