// The batch script of one run's job: #SBATCH lines from the profile, the profile's environment
// setup, then the headless worker on the job folder. `exec` makes the worker the job's main
// process, so scancel, preemption and time limits reach it as SIGTERM and it checkpoints.
import type { SlurmProfile } from '../../../shared/schemas/slurm-profile';
import { shellQuote } from './slurm-shell';

export interface ScriptInput {
  profile: SlurmProfile;
  jobDir: string;
  jobName: string;
  /** The command that starts the CLI on the node, e.g. `/usr/bin/node /opt/app/bin/distill-studio.js`. */
  workerCommand: string;
}

const jobNameSafe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 64) || 'run';

export function sbatchScript({ profile, jobDir, jobName, workerCommand }: ScriptInput): string {
  const opts: string[] = [
    `--job-name=distill-${jobNameSafe(jobName)}`,
    `--output=${jobDir}/slurm-%j.out`,
    '--open-mode=append',
    '--requeue',
    '--nodes=1',
    '--ntasks=1',
  ];
  if (profile.partition) opts.push(`--partition=${profile.partition}`);
  if (profile.account) opts.push(`--account=${profile.account}`);
  if (profile.qos) opts.push(`--qos=${profile.qos}`);
  if (profile.timeLimit) opts.push(`--time=${profile.timeLimit}`);
  if (profile.cpus) opts.push(`--cpus-per-task=${profile.cpus}`);
  if (profile.memory) opts.push(`--mem=${profile.memory}`);
  if (profile.gres) opts.push(`--gres=${profile.gres}`);
  const extra = profile.extraSbatch.map((l) => l.replace(/^#SBATCH\s+/, ''));
  return [
    '#!/bin/bash',
    '# Written by Distill Studio: one run, trained by the headless worker on this job folder.',
    ...[...opts, ...extra].map((o) => `#SBATCH ${o}`),
    '',
    profile.setup.trim(),
    '',
    `exec ${workerCommand} worker --job ${shellQuote(jobDir)}`,
    '',
  ].join('\n');
}
