// Run lifecycle as seen by users: create (validated against datasets, models, teachers and the
// models' taps before any row exists), queue, cancel, and read back records, metrics and logs.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getMetricSeries, getRun, getRunSummary, insertRun, listRunLogs, listRuns, updateRunStatus } from '../db';
import { describeModel, MODEL_CATALOG as MODEL_REGISTRY } from '../training/core/models/catalog';
import { hasCheckpoint } from '../training/host/checkpoint-probe';
import type { Supervisor } from '../training/host/supervisor';
import type { ParsedInput } from '../../shared/contract';
import { StudioFailure } from '../../shared/result';
import { teacherModelFileOf } from './model-export';
import type { RunConfig } from '../../shared/schemas/run-config';
import { checkTerms, describeTermProblems, type TapSide } from '../../shared/term-checks';
import type { DatasetSummary, MetricSeries, RunDetail, RunLogLine, RunRecord } from '../../shared/types';
import { requireDataset } from './datasets-service';
import type { EventBus } from './event-bus';
import { importedTeacherTaps } from './teacher-taps';
import { executorInfo } from './run-executor-info';

export class RunsService {
  constructor(
    private readonly db: Database.Database,
    private readonly supervisor: Supervisor,
    private readonly events: EventBus,
    private readonly runDir: (id: string) => string,
  ) {}

  /**
   * Every check a run must pass before its row exists: the dataset, the model (and that it fits
   * the dataset's images), the teacher, and the terms against both models' taps
   * (shared/term-checks.ts). Returns the config as it will be stored (teacherModelPath resolved).
   */
  validate(input: RunConfig): RunConfig {
    let config = input;
    const dataset = requireDataset(this.db, config.datasetId);
    const student = this.modelTaps(config.model, 'model', dataset);
    let teacher: TapSide | null = null;
    if (config.teacherRunId) {
      const run = getRun(this.db, config.teacherRunId);
      if (!run) throw new StudioFailure('invalid_input', `teacherRunId: no run with id '${config.teacherRunId}'`);
      if (!['completed', 'queued', 'running'].includes(run.status)) {
        throw new StudioFailure('invalid_input', `teacherRunId: run '${run.name}' is ${run.status}; a teacher must be completed (or still queued or running)`);
      }
      if (run.datasetId !== config.datasetId) {
        throw new StudioFailure('invalid_input', `teacherRunId: run '${run.name}' was trained on dataset ${run.datasetId}, not ${config.datasetId}`);
      }
      teacher = this.modelTaps(run.config.model, `teacherRunId: the teacher's model`, dataset);
    }
    if (config.teacherModelPath) {
      const given = config.teacherModelPath.endsWith('.json') ? config.teacherModelPath : join(config.teacherModelPath, 'model.json');
      if (!existsSync(given)) throw new StudioFailure('invalid_input', `teacherModelPath: no TF.js model at ${given}`);
      const file = teacherModelFileOf(given);
      config = { ...config, teacherModelPath: resolve(file) };
      const names = importedTeacherTaps(resolve(file));
      teacher = { model: 'the imported teacher', taps: names && names.map((name) => ({ name })) };
    }
    const problems = checkTerms(config.terms, teacher, student);
    if (problems.length) throw new StudioFailure('invalid_input', describeTermProblems(problems));
    return config;
  }

  start(input: RunConfig): RunRecord {
    const config = this.validate(input);
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
    return { ...run, summary: getRunSummary(this.db, id), progress: this.supervisor.progressOf(id), ...executorInfo(this.db, id, run.status) };
  }

  metrics(id: string, keys?: string[]): MetricSeries {
    this.require(id);
    return getMetricSeries(this.db, id, keys);
  }

  logs(id: string, limit: number): RunLogLine[] {
    this.require(id);
    return listRunLogs(this.db, id, limit);
  }

  /** A zoo model's taps for this dataset's images; unknown models and too-small inputs are refused. */
  private modelTaps(model: string, field: string, dataset: DatasetSummary): TapSide {
    if (!MODEL_REGISTRY.has(model)) {
      throw new StudioFailure('invalid_input', `${field}: unknown model '${model}' (available: ${[...MODEL_REGISTRY.keys()].join(', ')})`);
    }
    try {
      return { model, taps: describeModel(model, dataset.shape, dataset.numClasses).taps };
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new StudioFailure('invalid_input', `${field}: ${model} does not fit the ${dataset.shape.join('×')} images of dataset '${dataset.name}': ${why}`);
    }
  }

  require(id: string): RunRecord {
    const run = getRun(this.db, id);
    if (!run) throw new StudioFailure('not_found', `no run with id '${id}'`);
    return run;
  }
}
