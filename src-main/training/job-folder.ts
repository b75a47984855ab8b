// The job folder of a run handed to another machine (a Slurm compute node): what the app stages
// there and what the headless worker (`distill-studio worker --job DIR`) writes back. Plain
// files only, so nodes need no network path to the app and no SQLite on the shared filesystem:
//   job.json       the run's config and where its inputs are (paths relative to the folder)
//   ../datasets/<fingerprint>/  the dataset's meta.json and shards, staged once per dataset
//   teacher/       a distill run's teacher model
//   run/           checkpoints, the final model and report (the worker's run folder)
//   metrics.jsonl  append-only metric lines; logs.jsonl  every other worker message, one per line
import { isAbsolute, join, normalize, resolve, sep } from 'node:path';
import type { RunConfig } from '../../shared/schemas/run-config';
import type { WorkerMessage } from './worker/protocol';
import type { MetricPoint } from '../../shared/types';

export const JOB_FILE = 'job.json';
export const METRICS_FILE = 'metrics.jsonl';
export const LOGS_FILE = 'logs.jsonl';
export const RUN_SUBDIR = 'run';
export const DATASET_SUBDIR = 'dataset';
export const TEACHER_SUBDIR = 'teacher';
/** Longest line the app ingests; a longer one is rejected and reported, never parsed. */
export const MAX_LINE_BYTES = 1024 * 1024;

export interface JobSpec {
  formatVersion: 1;
  runId: string;
  config: RunConfig;
  dataset: { id: string; fingerprint: string; dir: string };
  /** A completed teacher run's folder (holding model/) or a TF.js model.json, relative. */
  teacherRunDir?: string;
  teacherModelPath?: string;
}

/**
 * One line of metrics.jsonl or logs.jsonl: a worker message stamped with the time it was written
 * (ms since the epoch). `rewind` starts a restarted attempt: metric points after `step` are about
 * to be written again, so the app drops the ones it stored.
 */
export type JobLine = (WorkerMessage | { type: 'rewind'; step: number; attempt: number }) & { at: number };
export type MetricsLine = ({ type: 'metrics'; points: MetricPoint[] } | { type: 'rewind'; step: number; attempt: number }) & { at: number };

/**
 * A path named in job.json, relative to the job folder. It may reach the shared folder that holds
 * the job folders (datasets are staged once there, in datasets/<fingerprint>/), never beyond it.
 */
export function insideJob(dir: string, relative: string): string {
  const n = normalize(relative);
  const root = resolve(dir, '..');
  const full = resolve(dir, n);
  if (isAbsolute(n) || (full !== root && !full.startsWith(root + sep))) throw new Error(`job.json names '${relative}', outside the shared folder`);
  return full;
}

/** Where a dataset's shards are staged in the shared folder, once per content fingerprint. */
export const stagedDatasetDir = (sharedDir: string, fingerprint: string) => join(sharedDir, 'datasets', fingerprint.replace(/[^A-Za-z0-9_-]/g, '_'));
