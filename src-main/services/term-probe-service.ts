// `runs:probe`: each objective term's share of the loss when a distill run would start, computed
// in a short worker task (training/worker/term-probe.ts) before anything is stored, so the New
// run form can warn that a weight swamps the others. The config is checked exactly as
// runs:start checks it (RunsService.validate).
import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getDataset, getDatasetPath, getRun } from '../db';
import { runWorkerTask } from '../training/host/task-runner';
import type { WorkerSpawner } from '../training/host/worker-handle';
import type { TermProbe } from '../../shared/history-types';
import { StudioFailure } from '../../shared/result';
import type { RunConfig } from '../../shared/schemas/run-config';
import type { RunsService } from './runs-service';

/** A probe builds two models and runs a few batches: seconds, more for a large teacher on CPU. */
const PROBE_TIMEOUT_MS = 180_000;
/** Probes run one at a time; one more may wait. Beyond that a request is refused, so a client
 *  (or a hostile page with the token) cannot start workers without bound. */
const MAX_PENDING = 2;

/** One probe at a time, in order, at most MAX_PENDING admitted. */
export function probeQueue(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  return (job) => {
    if (pending >= MAX_PENDING) {
      return Promise.reject(new StudioFailure('conflict', 'the terms are already being weighed for an earlier version of this config; try again in a moment'));
    }
    pending++;
    const run = tail.then(job, job);
    tail = run.catch(() => undefined).finally(() => pending--);
    return run;
  };
}

export interface TermProbeDeps {
  db: Database.Database;
  runs: RunsService;
  runDir(id: string): string;
  spawn: WorkerSpawner;
  workerEntry: string;
}

export async function probeTerms(d: TermProbeDeps, input: RunConfig): Promise<TermProbe> {
  if (input.kind !== 'distill') throw new StudioFailure('invalid_input', 'only a distill run has terms to weigh against each other');
  const config = d.runs.validate(input);
  const ds = getDataset(d.db, config.datasetId);
  const dir = getDatasetPath(d.db, config.datasetId);
  if (!ds || !dir) throw new StudioFailure('not_found', `dataset ${config.datasetId} is not in the library`);
  let teacherRunDir: string | undefined;
  if (config.teacherRunId) {
    teacherRunDir = d.runDir(config.teacherRunId);
    if (!existsSync(join(teacherRunDir, 'model', 'model.json'))) {
      const name = getRun(d.db, config.teacherRunId)?.name ?? config.teacherRunId;
      throw new StudioFailure('conflict', `teacher run '${name}' has no final model yet; the terms can be weighed once it has finished`);
    }
  }
  return runWorkerTask(
    d.spawn,
    d.workerEntry,
    { kind: 'termProbe', config, dataset: { id: ds.id, dir, fingerprint: ds.fingerprint }, teacherRunDir, teacherModelPath: config.teacherModelPath },
    PROBE_TIMEOUT_MS,
  );
}
