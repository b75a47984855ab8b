// A Slurm profile: where and how a run's job is submitted. Everything optional: without a profile
// the job goes to the cluster's default partition and the shared folder is `jobs/` inside the
// data folder. Single-line fields refuse newlines so nothing can smuggle lines into the sbatch
// script; `setup` (module loads, a conda line) is shell by design and runs before the worker.
import { z } from 'zod';
import { strictObject } from './strict-object';

const oneLine = (what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((s) => !/[\r\n\0]/.test(s), `${what} must be one line`);

export const SlurmProfileSchema = strictObject({
  /** Shown in the New run form and System screen. */
  name: oneLine('name').optional(),
  partition: oneLine('partition').optional(),
  account: oneLine('account').optional(),
  qos: oneLine('qos').optional(),
  /** sbatch --time: minutes, MM:SS, HH:MM:SS, D-HH or D-HH:MM:SS. */
  timeLimit: z
    .string()
    .trim()
    .regex(/^(\d+|\d+:\d{2}|\d+:\d{2}:\d{2}|\d+-\d+(:\d{2}(:\d{2})?)?)$/, 'timeLimit: minutes or [D-]HH:MM:SS as sbatch --time takes it')
    .optional(),
  cpus: z.number().int().min(1).max(1024).optional(),
  /** sbatch --mem, e.g. 8G or 16000M. */
  memory: z
    .string()
    .trim()
    .regex(/^\d+[KMGT]?$/, 'memory: a size like 8G or 16000M')
    .optional(),
  /** sbatch --gres, e.g. gpu:1 or gpu:a100:2. */
  gres: oneLine('gres').optional(),
  /** More `#SBATCH` lines (the prefix may be left out), e.g. --constraint=a100. */
  extraSbatch: z.array(oneLine('an extra #SBATCH line')).max(50).default([]),
  /** Shell lines run before the worker on the node: `module load nodejs/22`, a conda activate. */
  setup: z.string().max(10_000).default(''),
  /** A folder both this machine and the nodes can read and write (same path on both). */
  sharedDir: oneLine('sharedDir').optional(),
  /** How the node starts the worker; default: this project's bin/distill-studio.js on this Node. */
  workerCommand: oneLine('workerCommand').optional(),
  /** Submit over ssh on this login node (user@host) instead of running sbatch here. */
  loginHost: oneLine('loginHost')
    .refine((s) => !s.startsWith('-'), 'loginHost: a host name or user@host, not an ssh option')
    .optional(),
  /** An ssh_config(5) file for reaching loginHost (`ssh -F`: port, key, known hosts); default ~/.ssh/config. */
  sshConfig: oneLine('sshConfig').optional(),
  /** Seconds between state polls. */
  pollSeconds: z.number().min(0.2).max(600).default(1),
});

export type SlurmProfileInput = z.input<typeof SlurmProfileSchema>;
export type SlurmProfile = z.output<typeof SlurmProfileSchema>;

export const EXECUTORS = ['local', 'slurm'] as const;
export const ExecutorSchema = z.enum(EXECUTORS);
export type Executor = z.infer<typeof ExecutorSchema>;
