// The app and its Slurm jobs live apart: `train --detach` returns once the job is submitted, a
// `serve` started later re-attaches to it and ingests, a `serve` stopped mid-run leaves the job
// running, and the next one picks up at the stored offsets, so the run ends with exactly the
// metrics of the same seed trained locally (no line ingested twice or skipped).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../../helpers/built-app';
import { startServe, stopServe, type ServeProcess } from '../../helpers/serve-process';
import { slurmUnavailableReason, startSlurmCluster, type SlurmCluster } from '../../helpers/slurm-cluster';
import { cliSync, readRun, runLogs, storedMetrics, waitFor, writeConfig } from '../../helpers/slurm-runs';
import { useTempDirs } from '../../helpers/temp-dir';

const skip = slurmUnavailableReason();
const tempDir = useTempDirs('distill-slurm-reattach-');
let cluster: SlurmCluster | null = null;
let serve: ServeProcess | null = null;

describe.skipIf(skip)('re-attaching to Slurm jobs', () => {
  beforeAll(async () => {
    requireBuild();
    cluster = await startSlurmCluster();
    process.env.SLURM_CONF = cluster.conf; // serve processes inherit it
  });
  afterAll(async () => {
    await stopServe(serve);
    cluster?.stop();
    delete process.env.SLURM_CONF;
  });

  it('follows a detached job across two restarts of serve', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const config = writeConfig(dir, { maxTrainSamples: 3072, epochs: 2, seed: 9 });
    const detached = cliSync(['train', config, '--executor', 'slurm', '--detach', '--json', '--data-dir', data], cluster!.env);
    expect(detached.code, detached.stderr).toBe(0);
    const { id, status } = JSON.parse(detached.stdout);
    expect(status).toBe('running');
    expect(readRun(data, id)).toMatchObject({ status: 'running', metrics_offset: 0 });

    serve = await startServe(data);
    await waitFor('ingested metrics', () => (readRun(data, id).metrics_offset as number) > 0);
    await stopServe(serve);
    serve = null;
    const between = readRun(data, id);
    expect(between.status).toBe('running'); // detached, not interrupted
    expect(cluster!.run('squeue', ['-h', '-j', String(between.job_id), '-o', '%T'])).toMatch(/RUNNING|COMPLETING|^$/);

    serve = await startServe(data);
    await waitFor('the run to complete', () => readRun(data, id).status === 'completed', 180_000);
    await stopServe(serve);
    serve = null;
    expect(runLogs(data, id).filter((l) => l.startsWith('re-attached to Slurm job'))).toHaveLength(2);

    const local = JSON.parse(cliSync(['train', config, '--json', '--data-dir', join(dir, 'local')], {}).stdout);
    const got = storedMetrics(data, id);
    const want = storedMetrics(join(dir, 'local'), local.id);
    const missing = want.filter((w) => !got.some((g) => g.key === w.key && g.step === w.step)).map((w) => `${w.key}@${w.step}`);
    expect(missing, `missing after re-attaching: ${missing.slice(0, 10).join(', ')}`).toEqual([]);
    expect(got).toEqual(want);
  });
});
