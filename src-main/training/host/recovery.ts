// Start-up recovery, run only by the owner of a data folder (see services/data-folder-lock.ts).
// Holding the lock means the previous owner is gone, so a run still recorded as `running` has no
// supervisor: nothing would store its metrics or end it. If its worker process is still alive (an
// orphan: Electron's utility processes or a forked worker that has not noticed yet) it is killed
// first, so that it cannot keep writing checkpoint files while the run is resumed by a new worker;
// then the run becomes `interrupted` and can be resumed from its last checkpoint.
import type Database from 'better-sqlite3';
import { listRunningWorkers, markRunInterrupted } from '../../db';
import { pidExists, sameProcessAlive } from '../../process-identity';

const STOPPED = 'Distill Studio stopped while this run was training (crash or kill)';

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface RecoveryReport {
  interrupted: string[];
  killedWorkers: number[];
}

export function recoverOrphanedRuns(db: Database.Database, waitMs = 3_000): RecoveryReport {
  const killed: number[] = [];
  const running = listRunningWorkers(db);
  for (const w of running) {
    if (w.pid === null || w.pid === process.pid || !sameProcessAlive(w.pid, w.start)) continue;
    try {
      process.kill(w.pid, 'SIGKILL');
      killed.push(w.pid);
    } catch {
      // exited meanwhile, or not ours to signal: nothing to stop
    }
  }
  const deadline = Date.now() + waitMs;
  while (killed.some((pid) => pidExists(pid)) && Date.now() < deadline) sleepSync(25);

  const interrupted: string[] = [];
  for (const w of running) {
    const reason = w.pid !== null && killed.includes(w.pid) ? `${STOPPED}; its orphaned worker (PID ${w.pid}) was stopped` : STOPPED;
    if (markRunInterrupted(db, w.runId, reason)) interrupted.push(w.runId);
  }
  return { interrupted, killedWorkers: killed };
}
