// What a finished job leaves for the app: its final model and report are copied from the job
// folder into the run's own folder (runs/<id>/), where exports, teachers and attention maps look
// for them; and the last telling line of the job's Slurm output file for a failure reason.
import { cpSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { crashLine } from '../crash-reason';
import { RUN_SUBDIR } from '../../job-folder';

type Artifact = { kind: 'model' | 'report' | 'checkpoint'; path: string; bytes: number };

export function collectArtifacts(jobDir: string, runDir: string, reported: Artifact[]): Artifact[] {
  const out: Artifact[] = [];
  for (const a of reported) {
    const name = a.kind === 'model' ? 'model' : a.kind === 'report' ? 'report.json' : null;
    if (!name) continue;
    const from = join(jobDir, RUN_SUBDIR, name);
    if (!existsSync(from)) continue;
    const to = join(runDir, name);
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true });
    out.push({ kind: a.kind, path: to, bytes: a.bytes });
  }
  return out;
}

/** The most telling line of slurm-<id>.out (the worker's stderr), or ''. */
export function jobOutputTail(jobDir: string, jobId: string): string {
  const file = join(jobDir, `slurm-${jobId}.out`);
  try {
    const size = statSync(file).size;
    const text = readFileSync(file, 'utf8');
    return crashLine(text.slice(Math.max(0, size - 8000)));
  } catch {
    return '';
  }
}
