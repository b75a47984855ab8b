// Slurm jobs of runs (slurm_jobs, migration 007): which job trains a run, where its job folder is,
// the Slurm state last seen and how many bytes of its JSON-lines files were ingested.
import type Database from 'better-sqlite3';

export interface SlurmJobRow {
  runId: string;
  jobId: string | null;
  jobDir: string;
  profileJson: string;
  metricsOffset: number;
  logsOffset: number;
  state: string | null;
  reason: string | null;
}

interface Raw {
  run_id: string;
  job_id: string | null;
  job_dir: string;
  profile_json: string;
  metrics_offset: number;
  logs_offset: number;
  state: string | null;
  reason: string | null;
}

const toRow = (r: Raw): SlurmJobRow => ({
  runId: r.run_id,
  jobId: r.job_id,
  jobDir: r.job_dir,
  profileJson: r.profile_json,
  metricsOffset: r.metrics_offset,
  logsOffset: r.logs_offset,
  state: r.state,
  reason: r.reason,
});

export function setRunExecutor(db: Database.Database, runId: string, executor: 'local' | 'slurm'): void {
  db.prepare('UPDATE runs SET executor = ? WHERE id = ?').run(executor, runId);
}

export function getRunExecutor(db: Database.Database, runId: string): 'local' | 'slurm' {
  const r = db.prepare('SELECT executor FROM runs WHERE id = ?').get(runId) as { executor: 'local' | 'slurm' } | undefined;
  return r?.executor ?? 'local';
}

/** A new submission of a run (first start or a resume): offsets restart only when the folder is new. */
export function recordSlurmSubmission(db: Database.Database, runId: string, jobId: string, jobDir: string, profileJson: string): void {
  const at = new Date().toISOString();
  db.prepare(
    `INSERT INTO slurm_jobs (run_id, job_id, job_dir, profile_json, submitted_at, updated_at, state) VALUES (?, ?, ?, ?, ?, ?, 'PENDING')
     ON CONFLICT (run_id) DO UPDATE SET job_id = excluded.job_id, profile_json = excluded.profile_json,
       submitted_at = excluded.submitted_at, updated_at = excluded.updated_at, state = 'PENDING', reason = NULL,
       metrics_offset = CASE WHEN slurm_jobs.job_dir = excluded.job_dir THEN slurm_jobs.metrics_offset ELSE 0 END,
       logs_offset = CASE WHEN slurm_jobs.job_dir = excluded.job_dir THEN slurm_jobs.logs_offset ELSE 0 END,
       job_dir = excluded.job_dir`,
  ).run(runId, jobId, jobDir, profileJson, at, at);
}

export function getSlurmJob(db: Database.Database, runId: string): SlurmJobRow | undefined {
  const r = db.prepare('SELECT * FROM slurm_jobs WHERE run_id = ?').get(runId) as Raw | undefined;
  return r && toRow(r);
}

/** Slurm runs the app should be watching: recorded `running` with a submitted job. */
export function listAttachedSlurmJobs(db: Database.Database): SlurmJobRow[] {
  const rows = db
    .prepare("SELECT s.* FROM slurm_jobs s JOIN runs r ON r.id = s.run_id WHERE r.status = 'running' AND s.job_id IS NOT NULL ORDER BY s.run_id")
    .all() as Raw[];
  return rows.map(toRow);
}

export function setSlurmOffsets(db: Database.Database, runId: string, metricsOffset: number, logsOffset: number): void {
  db.prepare('UPDATE slurm_jobs SET metrics_offset = ?, logs_offset = ? WHERE run_id = ?').run(metricsOffset, logsOffset, runId);
}

export function setSlurmState(db: Database.Database, runId: string, state: string, reason: string | null): void {
  db.prepare('UPDATE slurm_jobs SET state = ?, reason = ?, updated_at = ? WHERE run_id = ?').run(state, reason, new Date().toISOString(), runId);
}
