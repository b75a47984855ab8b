// A real TIMEOUT on the single-node test cluster: a run with a 1-minute time limit is stopped by
// Slurm (SIGTERM, the worker checkpoints), the job ends TIMEOUT and the run becomes interrupted
// with Slurm's reason; resuming it (`runs:resume` through `serve`) submits a new job into the
// same folder that continues from the checkpoint, and the run ends with metrics identical to the
// same seed trained locally in one go.
// Time: slurmctld checks time limits every 30 s counted from its start, so a job started within
// its first 30 s with a 1-minute limit is stopped at the check 90 s after slurmctld started. The
// job's first attempt waits in the profile's `setup` until 16 s before that check, so the worker
// trains briefly, is stopped with a checkpoint, and the rest is left for the resume (the local
// reference run trains meanwhile). The run must take well over those 16 s: 10 epochs of 4,096
// images took 15 s once the WebAssembly kernels got faster, so it trains 20. Measured on the 2-core test machine: interrupted 94 s after
// slurmctld started, 116 s in all (with the browser suite running alongside); the floor is
// Slurm's: the 60 s limit plus its 30 s check interval.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../../helpers/built-app';
import { connect, startServe, stopServe, type ServeProcess } from '../../helpers/serve-process';
import { slurmUnavailableReason, startSlurmCluster, type SlurmCluster } from '../../helpers/slurm-cluster';
import { cliAsync, readRun, runLogs, storedMetrics, waitFor, writeConfig } from '../../helpers/slurm-runs';
import { useTempDirs } from '../../helpers/temp-dir';

const skip = slurmUnavailableReason();
const tempDir = useTempDirs('distill-slurm-timeout-');
let cluster: SlurmCluster | null = null;
let serve: ServeProcess | null = null;

describe.skipIf(skip)('a Slurm job over its time limit', () => {
  beforeAll(async () => {
    requireBuild();
    cluster = await startSlurmCluster();
    process.env.SLURM_CONF = cluster.conf; // serve inherits it
  });
  afterAll(async () => {
    await stopServe(serve);
    cluster?.stop();
    delete process.env.SLURM_CONF;
  });

  it('ends TIMEOUT, is interrupted with Slurm’s reason and resumes bit-exact', async () => {
    const t0 = Date.now();
    const dir = tempDir();
    const data = join(dir, 'data');
    const config = writeConfig(dir, { maxTrainSamples: 4096, epochs: 20, seed: 21 });
    const slept = join(dir, 'slept');
    const trainFrom = Math.floor(cluster!.startedAt / 1000) + 90 - 16; // the check at +90 s, less 16 s
    const profile = join(dir, 'profile.yaml');
    const wait = `[ -e ${slept} ] || { touch ${slept}; while [ "$(date +%s)" -lt ${trainFrom} ]; do sleep 0.5; done; }`;
    writeFileSync(profile, `timeLimit: "1"\nsetup: |\n  ${wait}\n`);
    const local = cliAsync(['train', config, '--json', '--data-dir', join(dir, 'local')], {});
    const remote = cliAsync(['train', config, '--profile', profile, '--json', '--data-dir', data], cluster!.env);
    expect(await remote.done, remote.output()).toBe(1);
    const out = JSON.parse(remote.output().slice(remote.output().indexOf('{')));
    const row = readRun(data, out.id);
    expect(row, remote.output()).toMatchObject({ status: 'interrupted', state: 'TIMEOUT' });
    expect(row.error).toMatch(new RegExp(`^Slurm job ${row.job_id} ended TIMEOUT \\(TimeLimit\\); resume continues from the last checkpoint$`));
    const stoppedAfter = (Date.now() - cluster!.startedAt) / 1000;

    serve = await startServe(data);
    const ws = await connect(serve.url);
    const resumed = await ws.request('runs:resume', { id: out.id });
    expect(resumed.ok, JSON.stringify(resumed)).toBe(true);
    // the new job has the profile's 1-minute limit too: lift it, so the rest trains in one go
    const next = await waitFor('the resumed job', () => readRun(data, out.id).job_id !== row.job_id && String(readRun(data, out.id).job_id), 60_000);
    cluster!.run('scontrol', ['update', `jobid=${next}`, 'TimeLimit=30']);
    await waitFor('the resumed run to complete', () => ['completed', 'failed'].includes(readRun(data, out.id).status as string), 240_000, 500);
    ws.close();
    const logs = runLogs(data, out.id);
    expect(readRun(data, out.id).status, logs.slice(-5).join('\n')).toBe('completed');
    expect(logs.some((l) => /^attempt \d+ continues after step [1-9]\d*/.test(l))).toBe(true);
    expect(await local.done).toBe(0);
    const localId = JSON.parse(local.output().slice(local.output().indexOf('{'))).id;
    expect(storedMetrics(data, out.id)).toEqual(storedMetrics(join(dir, 'local'), localId));
    console.log(`timeout: interrupted ${stoppedAfter.toFixed(0)} s after slurmctld started, whole test ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }, 400_000);
});
