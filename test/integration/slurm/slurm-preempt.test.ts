// A real preemption on the single-node test cluster (slurm.conf: PreemptType=preempt/partition_prio,
// PreemptMode=REQUEUE, partition `high` above `debug` on the same node): a run holding every CPU
// of the node on `debug` is preempted by a job on `high`, Slurm requeues it, the worker stops with
// a checkpoint, `runs show` says "pending on Slurm (BeginTime)" while it waits, and when the job
// runs again it resumes from that checkpoint: the run ends with metrics identical to the same seed
// trained locally in one go. About 26–36 s on the 2-core test machine.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../../helpers/built-app';
import { slurmUnavailableReason, startSlurmCluster, type SlurmCluster } from '../../helpers/slurm-cluster';
import { cliAsync, cliSync, onlyRunId, readRun, runLogs, storedMetrics, waitFor, writeConfig } from '../../helpers/slurm-runs';
import { useTempDirs } from '../../helpers/temp-dir';

const skip = slurmUnavailableReason();
const tempDir = useTempDirs('distill-slurm-preempt-');
let cluster: SlurmCluster | null = null;

const show = (jobId: string) => cluster!.run('scontrol', ['show', 'job', '-o', jobId]);

/** `scontrol listpids`: the job's processes on the node ('' when none). */
function listPids(jobId: string): string {
  try {
    return cluster!.run('scontrol', ['listpids', jobId]).split('\n').slice(1).join('\n');
  } catch {
    return '';
  }
}

describe.skipIf(skip)('a Slurm run preempted by a higher-priority partition', () => {
  beforeAll(async () => {
    requireBuild();
    cluster = await startSlurmCluster();
  });
  afterAll(() => cluster?.stop());

  it('is requeued, resumes from its checkpoint and ends as the same seed run locally', async () => {
    const t0 = Date.now();
    const dir = tempDir();
    const data = join(dir, 'data');
    const config = writeConfig(dir, { maxTrainSamples: 4096, epochs: 4, seed: 17 });
    const profile = join(dir, 'profile.yaml');
    writeFileSync(profile, `partition: ${cluster!.partition}\ncpus: ${cpus().length}\n`);
    const local = cliAsync(['train', config, '--json', '--data-dir', join(dir, 'local')], {});
    const remote = cliAsync(['train', config, '--profile', profile, '--json', '--data-dir', data], cluster!.env);
    const runId = await waitFor('the run', () => onlyRunId(data));
    await waitFor('ingested metrics', () => (readRun(data, runId).metrics_offset as number) > 0, 120_000);
    const jobId = readRun(data, runId).job_id as string;

    const high = cluster!
      .run('sbatch', ['--parsable', '-p', cluster!.highPartition, `--cpus-per-task=${cpus().length}`, '-o', '/dev/null', '--wrap', 'sleep 2'])
      .trim();
    await waitFor('the high-priority job running', () => /JobState=(RUNNING|COMPLETING|COMPLETED)/.test(show(high)) && show(high), 60_000);
    expect(show(jobId)).toMatch(/Restarts=1/);
    await waitFor('the worker stopped', () => runLogs(data, runId).some((l) => l.startsWith('the worker stopped with a checkpoint')), 60_000);
    await waitFor('the old attempt gone', () => !/^\s*\d+\s/m.test(listPids(jobId)), 60_000);
    await waitFor('the high-priority job done', () => /JobState=COMPLETED/.test(show(high)), 60_000);
    // meanwhile the run waits, and says so, with Slurm's reason for the requeued job
    const runsShow = () => cliSync(['runs', 'show', runId, '--data-dir', data], {}, 60_000).stdout;
    await waitFor('runs show saying pending', () => /^Status {4}running — pending on Slurm \(BeginTime\)$/m.test(runsShow()), 30_000, 500);
    // skip Slurm's delay before a requeued job may start again
    if (/JobState=PENDING/.test(show(jobId))) cluster!.run('scontrol', ['update', `jobid=${jobId}`, 'StartTime=now']);

    expect(await remote.done, `${remote.output()}\n${runLogs(data, runId).join('\n')}`).toBe(0);
    const logs = runLogs(data, runId);
    expect(
      logs.some((l) => /^attempt 2 continues after step [1-9]\d*/.test(l)),
      logs.join('\n'),
    ).toBe(true);
    expect(readRun(data, runId)).toMatchObject({ status: 'completed' });
    expect(await local.done).toBe(0);
    const localId = JSON.parse(local.output().slice(local.output().indexOf('{'))).id;
    expect(storedMetrics(data, runId)).toEqual(storedMetrics(join(dir, 'local'), localId));
    console.log(`preemption: whole test ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }, 300_000);
});
