// Where a run trains, for run details (`runs:get`, the run page, `runs show`): its executor and,
// for a Slurm run, the job last submitted for it with the state and reason last seen. Read from
// SQLite, so a process that does not follow the job (a second CLI) still shows "pending on Slurm".
import type Database from 'better-sqlite3';
import { getRunExecutor, getSlurmJob } from '../db';
import { waitingText } from '../training/host/slurm/slurm-states';
import type { RunDetail, RunStatus } from '../../shared/types';

export function executorInfo(db: Database.Database, runId: string, status: RunStatus): Pick<RunDetail, 'executor' | 'slurm'> {
  const executor = getRunExecutor(db, runId);
  const row = executor === 'slurm' ? getSlurmJob(db, runId) : undefined;
  if (!row) return { executor, slurm: null };
  const array = row.jobId?.match(/^(\d+)_(\d+)$/);
  return {
    executor,
    slurm: {
      jobId: row.jobId,
      arrayJobId: array ? array[1]! : null,
      arrayTask: array ? Number(array[2]) : null,
      state: row.state,
      reason: row.reason,
      waiting: status === 'running' && row.state ? waitingText(row.state, row.reason) : null,
    },
  };
}
