// Stages a run in the shared folder for a cluster node: the dataset's shards once per content
// fingerprint (datasets/<fingerprint>/), the teacher's model for a distill run, and job.json with
// the run's config, in the run's job folder (<shared>/<run id>/). A resume stages into the same
// folder, where the worker finds its checkpoint. Files are copied to a temp name and renamed, so a
// node never sees half a dataset or half a job.json.
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { RunConfig } from '../../../../shared/schemas/run-config';
import { JOB_FILE, stagedDatasetDir, TEACHER_SUBDIR, type JobSpec } from '../../job-folder';

export interface StageInput {
  sharedDir: string;
  runId: string;
  config: RunConfig;
  dataset: { id: string; dir: string; fingerprint: string };
  /** A completed teacher run's local folder (its model/ is copied). */
  teacherRunDir?: string;
}

function copyOnce(from: string, to: string): void {
  if (existsSync(to)) return;
  const tmp = `${to}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, tmp, { recursive: true });
  try {
    renameSync(tmp, to);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(to)) throw e; // another stager won the race: theirs is as good
  }
}

export function jobDirOf(sharedDir: string, runId: string): string {
  return join(sharedDir, runId);
}

/** Stages everything and returns the job folder. Throws with a readable reason (missing teacher, disk full). */
export function stageJob(input: StageInput): string {
  const jobDir = jobDirOf(input.sharedDir, input.runId);
  mkdirSync(jobDir, { recursive: true });
  const datasetDir = stagedDatasetDir(input.sharedDir, input.dataset.fingerprint);
  copyOnce(input.dataset.dir, datasetDir);
  const spec: JobSpec = {
    formatVersion: 1,
    runId: input.runId,
    config: input.config,
    dataset: { id: input.dataset.id, fingerprint: input.dataset.fingerprint, dir: relative(jobDir, datasetDir) },
  };
  if (input.teacherRunDir) {
    const model = join(input.teacherRunDir, 'model');
    if (!existsSync(model)) throw new Error(`the teacher's model folder ${model} is missing; nothing to stage for the node`);
    rmSync(join(jobDir, TEACHER_SUBDIR), { recursive: true, force: true });
    cpSync(model, join(jobDir, TEACHER_SUBDIR, 'model'), { recursive: true });
    spec.teacherRunDir = TEACHER_SUBDIR;
  } else if (input.config.teacherModelPath) {
    const from = dirname(input.config.teacherModelPath);
    const to = join(jobDir, 'teacher-model');
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true });
    spec.teacherModelPath = join('teacher-model', basename(input.config.teacherModelPath));
  }
  const tmp = join(jobDir, `${JOB_FILE}.tmp`);
  writeFileSync(tmp, JSON.stringify(spec, null, 2));
  renameSync(tmp, join(jobDir, JOB_FILE));
  return jobDir;
}
