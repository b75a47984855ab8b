// Batch scripts: one run's job, or one job array for the runs of a sweep (task i trains the
// i-th job folder). #SBATCH lines come from the profile, then its environment setup, then the
// headless worker on the job folder. `exec` makes the worker the job's main process, so scancel,
// preemption and time limits reach it as SIGTERM and it checkpoints. Each run's Slurm output goes
// to slurm-<job id>.out in its own job folder, where failure reasons are read from.
import type { SlurmProfile } from '../../../../shared/schemas/slurm-profile';
import { shellQuote } from './slurm-shell';

export interface ScriptInput {
  profile: SlurmProfile;
  jobName: string;
  /** The command that starts the CLI on the node, e.g. `/usr/bin/node /opt/app/bin/distill-studio.js`. */
  workerCommand: string;
}

const jobNameSafe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 64) || 'run';

function sbatchLines(profile: SlurmProfile, jobName: string, output: string, extra: string[] = []): string[] {
  const opts: string[] = [
    `--job-name=distill-${jobNameSafe(jobName)}`,
    `--output=${output}`,
    '--open-mode=append',
    '--requeue',
    '--nodes=1',
    '--ntasks=1',
    ...extra,
  ];
  if (profile.partition) opts.push(`--partition=${profile.partition}`);
  if (profile.account) opts.push(`--account=${profile.account}`);
  if (profile.qos) opts.push(`--qos=${profile.qos}`);
  if (profile.timeLimit) opts.push(`--time=${profile.timeLimit}`);
  if (profile.cpus) opts.push(`--cpus-per-task=${profile.cpus}`);
  if (profile.memory) opts.push(`--mem=${profile.memory}`);
  if (profile.gres) opts.push(`--gres=${profile.gres}`);
  const more = profile.extraSbatch.map((l) => l.replace(/^#SBATCH\s+/, ''));
  return ['#!/bin/bash', '# Written by Distill Studio: trained by the headless worker on a job folder.', ...[...opts, ...more].map((o) => `#SBATCH ${o}`), ''];
}

export function sbatchScript(input: ScriptInput & { jobDir: string }): string {
  return [
    ...sbatchLines(input.profile, input.jobName, `${input.jobDir}/slurm-%j.out`),
    input.profile.setup.trim(),
    '',
    `exec ${input.workerCommand} worker --job ${shellQuote(input.jobDir)}`,
    '',
  ].join('\n');
}

/** One array job for several runs; `batchOutput` catches what happens before a task finds its folder. */
export function sbatchArrayScript(input: ScriptInput & { jobDirs: string[]; batchOutput: string }): string {
  return [
    ...sbatchLines(input.profile, input.jobName, input.batchOutput, [`--array=0-${input.jobDirs.length - 1}`]),
    `DIRS=(${input.jobDirs.map(shellQuote).join(' ')})`,
    'DIR="${DIRS[$SLURM_ARRAY_TASK_ID]}"',
    'exec >>"$DIR/slurm-${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}.out" 2>&1',
    input.profile.setup.trim(),
    '',
    `exec ${input.workerCommand} worker --job "$DIR"`,
    '',
  ].join('\n');
}
