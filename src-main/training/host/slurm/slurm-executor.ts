// The `slurm` executor: turns a run into a Slurm job handle (slurm-job-handle.ts) for the
// supervisor, and at start-up lists the jobs of runs still recorded as running so the supervisor
// re-attaches to them instead of treating them as crashed.
import { getRun, listAttachedSlurmJobs } from '../../../db';
import type { RunConfig } from '../../../../shared/schemas/run-config';
import type { WorkerHandle } from '../worker-handle';
import type { SlurmContext } from './slurm-context';
import { JobSubmitter } from './job-submitter';
import { SlurmJobHandle } from './slurm-job-handle';
import { shellQuote } from './slurm-shell';

export interface RemoteExecutor {
  handle(runId: string, config: RunConfig): WorkerHandle;
  reattach(): { runId: string; handle: WorkerHandle }[];
}

export function slurmExecutor(base: SlurmContext): RemoteExecutor {
  const ctx = { ...base, submitter: new JobSubmitter() };
  return {
    handle(runId, config) {
      return new SlurmJobHandle({ ...ctx, workerCommand: config.slurm?.workerCommand ?? ctx.workerCommand }, runId, config);
    },
    reattach() {
      return listAttachedSlurmJobs(ctx.db).flatMap((row) => {
        const run = getRun(ctx.db, row.runId);
        if (!run) return [];
        return [{ runId: row.runId, handle: new SlurmJobHandle(ctx, row.runId, run.config, row) }];
      });
    },
  };
}

/** The default worker command: this Node running this project's CLI launcher. */
export function defaultWorkerCommand(nodeBinary: string, cliLauncher: string): string {
  return `${shellQuote(nodeBinary)} ${shellQuote(cliLauncher)}`;
}
