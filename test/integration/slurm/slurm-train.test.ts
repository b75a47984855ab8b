// `train --executor slurm` on a real single-node Slurm cluster: the job trains with the headless
// worker and its metrics reach the database identical to the same seed trained locally; a bad
// partition or a missing shared folder is refused with the reason, Slurm's own when it has one.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../../helpers/built-app';
import { slurmUnavailableReason, startSlurmCluster, type SlurmCluster } from '../../helpers/slurm-cluster';
import { cliSync, readRun, runLogs, storedMetrics, writeConfig } from '../../helpers/slurm-runs';
import { useTempDirs } from '../../helpers/temp-dir';

const skip = slurmUnavailableReason();
const tempDir = useTempDirs('distill-slurm-train-');
let cluster: SlurmCluster | null = null;

describe.skipIf(skip)('train --executor slurm', () => {
  beforeAll(async () => {
    requireBuild();
    cluster = await startSlurmCluster();
  });
  afterAll(() => cluster?.stop());

  it('trains as a Slurm job with metrics identical to the same seed run locally', async () => {
    const dir = tempDir();
    const config = writeConfig(dir);
    const remoteData = join(dir, 'remote');
    const t0 = Date.now();
    const remote = cliSync(['train', config, '--executor', 'slurm', '--json', '--data-dir', remoteData], cluster!.env);
    const remoteSeconds = (Date.now() - t0) / 1000;
    expect(remote.stderr + remote.stdout).not.toMatch(/\n\s+at .+:\d+:\d+\)/);
    expect(remote.code, remote.stderr + remote.stdout).toBe(0);
    const r = JSON.parse(remote.stdout);
    expect(r.status).toBe('completed');
    const localData = join(dir, 'local');
    const local = JSON.parse(cliSync(['train', config, '--json', '--data-dir', localData], {}).stdout);
    expect(local.status).toBe('completed');

    const remoteMetrics = storedMetrics(remoteData, r.id);
    expect(remoteMetrics.length).toBeGreaterThan(20);
    expect(remoteMetrics).toEqual(storedMetrics(localData, local.id));
    const row = readRun(remoteData, r.id);
    expect(row).toMatchObject({ executor: 'slurm', status: 'completed' });
    expect(row.state).toMatch(/^(RUNNING|COMPLETING|COMPLETED)$/); // the run ends with its result line, not with Slurm's bookkeeping
    expect(existsSync(join(remoteData, 'runs', r.id, 'model', 'model.json'))).toBe(true);
    const jobDir = row.job_dir as string;
    expect(jobDir.startsWith(join(remoteData, 'jobs'))).toBe(true);
    expect(row.metrics_offset).toBe(readFileSync(join(jobDir, 'metrics.jsonl')).length);
    expect(row.logs_offset).toBe(readFileSync(join(jobDir, 'logs.jsonl')).length);
    const logs = runLogs(remoteData, r.id);
    const submitted = logs.find((l) => l.startsWith('submitted as Slurm job'))!;
    expect(submitted).toBeTruthy();
    const deleted = cliSync(['runs', 'delete', r.id, '--data-dir', remoteData], {});
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(existsSync(jobDir)).toBe(false); // the job folder goes with the run
    console.log(
      `slurm run: ${remoteSeconds.toFixed(1)} s end to end; ${submitted}; ${logs.find((l) => / RUNNING after /.test(l))}; ${logs.find((l) => l.startsWith('ingest lag'))}`,
    );
  });

  it('distils from a teacher staged in the job folder, as locally', () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const teacher = JSON.parse(
      cliSync(['train', writeConfig(dir, { name: 'tiny teacher', kind: 'teacher', epochs: 1 }), '--json', '--data-dir', data], {}).stdout,
    );
    expect(teacher.status).toBe('completed');
    const kd = {
      name: 'kd',
      kind: 'distill',
      teacherRunId: teacher.id,
      epochs: 1,
      terms: [
        { method: 'ce', weight: 0.1 },
        { method: 'kd', weight: 0.9, options: { temperature: 4 } },
      ],
    };
    const config = writeConfig(dir, kd);
    const remote = JSON.parse(cliSync(['train', config, '--executor', 'slurm', '--json', '--data-dir', data], cluster!.env).stdout);
    expect(remote.status, remote.error).toBe('completed');
    const local = JSON.parse(cliSync(['train', config, '--json', '--data-dir', data], {}).stdout);
    expect(local.status).toBe('completed');
    const remoteMetrics = storedMetrics(data, remote.id);
    expect(remoteMetrics.some((m) => m.key.startsWith('loss/kd'))).toBe(true);
    expect(remoteMetrics).toEqual(storedMetrics(data, local.id));
    expect(existsSync(join(readRun(data, remote.id).job_dir as string, 'teacher', 'model', 'model.json'))).toBe(true);
  });

  it('refuses an unknown partition with Slurm’s own message', () => {
    const dir = tempDir();
    const profile = join(dir, 'profile.yaml');
    writeFileSync(profile, 'partition: no-such-partition\n');
    const r = cliSync(['train', writeConfig(dir), '--profile', profile, '--json', '--data-dir', join(dir, 'data')], cluster!.env);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe('failed');
    expect(out.error).toMatch(/Slurm refused the job: sbatch: error: invalid partition specified: no-such-partition/);
  });

  it('refuses a shared folder that does not exist', () => {
    const dir = tempDir();
    const profile = join(dir, 'profile.yaml');
    writeFileSync(profile, `sharedDir: ${join(dir, 'not-there')}\n`);
    const r = cliSync(['train', writeConfig(dir), '--profile', profile, '--json', '--data-dir', join(dir, 'data')], cluster!.env);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatch(/shared folder .*not-there does not exist/);
  });
});
