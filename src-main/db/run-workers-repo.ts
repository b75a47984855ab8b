// Which OS process trains a running run (runs.worker_pid / worker_start, migration 006). Written
// when a worker starts, cleared when its run ends; read by start-up recovery.
import type Database from 'better-sqlite3';

export interface RunningWorker {
  runId: string;
  pid: number | null;
  start: string | null;
}

export function setRunWorker(db: Database.Database, runId: string, pid: number | null, start: string | null): void {
  db.prepare('UPDATE runs SET worker_pid = ?, worker_start = ? WHERE id = ?').run(pid, start, runId);
}

/** Every local run recorded as `running`, with its worker process when one was recorded (Slurm runs are re-attached, not recovered). */
export function listRunningWorkers(db: Database.Database): RunningWorker[] {
  const rows = db.prepare("SELECT id, worker_pid, worker_start FROM runs WHERE status = 'running' AND executor = 'local' ORDER BY id").all() as {
    id: string;
    worker_pid: number | null;
    worker_start: string | null;
  }[];
  return rows.map((r) => ({ runId: r.id, pid: r.worker_pid, start: r.worker_start }));
}

/** Marks one run interrupted (if it is still running) and forgets its worker. */
export function markRunInterrupted(db: Database.Database, runId: string, reason: string): boolean {
  const r = db
    .prepare("UPDATE runs SET status = 'interrupted', error = ?, worker_pid = NULL, worker_start = NULL WHERE id = ? AND status = 'running'")
    .run(reason, runId);
  return r.changes > 0;
}
