// Submits staged job folders with sbatch. Requests made in the same turn of the event loop with
// the same group (the runs of one sweep: same sweep tag, profile and login node) go out as one
// job array, so a sweep of dozens of runs is one submission and one line in squeue; a lone run is
// a plain job. Each request learns its own job id: `<id>` or `<array id>_<task index>`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SlurmProfile } from '../../../../shared/schemas/slurm-profile';
import { sbatchArrayScript, sbatchScript } from './sbatch-script';
import { slurmMessage, type SlurmShell } from './slurm-shell';

export interface SubmitRequest {
  /** Requests with the same non-null group may share an array. */
  group: string | null;
  jobDir: string;
  sharedDir: string;
  jobName: string;
  profile: SlurmProfile;
  workerCommand: string;
  shell: SlurmShell;
}

export type SubmitResult = { ok: true; jobId: string; arraySize: number; ms: number } | { ok: false; error: string };

interface Pending {
  request: SubmitRequest;
  resolve(result: SubmitResult): void;
}

export class JobSubmitter {
  private pending = new Map<string, Pending[]>();

  submit(request: SubmitRequest): Promise<SubmitResult> {
    return new Promise((resolve) => {
      const key =
        request.group === null
          ? `single:${request.jobDir}`
          : `${request.group}|${request.shell.where}|${request.workerCommand}|${JSON.stringify(request.profile)}`;
      const batch = this.pending.get(key);
      if (batch) return batch.push({ request, resolve });
      this.pending.set(key, [{ request, resolve }]);
      setImmediate(() => {
        const all = this.pending.get(key)!;
        this.pending.delete(key);
        void this.send(all);
      });
    });
  }

  private async send(batch: Pending[]): Promise<void> {
    const first = batch[0]!.request;
    let script: string;
    if (batch.length === 1) {
      script = join(first.jobDir, 'job.sbatch');
      writeFileSync(script, sbatchScript({ ...first }));
    } else {
      const arrays = join(first.sharedDir, 'arrays');
      mkdirSync(arrays, { recursive: true });
      script = join(arrays, `${first.jobName.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40)}-${Date.now()}.sbatch`);
      const jobDirs = batch.map((p) => p.request.jobDir);
      writeFileSync(script, sbatchArrayScript({ ...first, jobDirs, batchOutput: join(arrays, 'slurm-%A_%a.out') }));
    }
    const t0 = Date.now();
    const r = await first.shell.run('sbatch', ['--parsable', script]);
    const ms = Date.now() - t0;
    const id = r.stdout.trim().split(';')[0] ?? '';
    batch.forEach((p, i) => {
      if (r.code !== 0 || !/^\d+$/.test(id))
        p.resolve({ ok: false, error: r.code !== 0 ? slurmMessage(r) : `sbatch printed no job id (${r.stdout.trim().slice(0, 200)})` });
      else p.resolve({ ok: true, jobId: batch.length === 1 ? id : `${id}_${i}`, arraySize: batch.length, ms });
    });
  }
}
