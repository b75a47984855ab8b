// Faults of Slurm runs on a real single-node cluster: cancel mid-run (scancel, the run ends
// cancelled), the job's processes killed on the node (only that run fails, with Slurm's state),
// a requeue (the job stops with a checkpoint, runs again and resumes, ending with metrics
// identical to the same seed trained locally in one go), and a node failure (a job submitted
// without requeue fails with NODE_FAIL and Slurm's reason; a requeueable one resumes once the node
// is back).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../../helpers/built-app';
import { slurmUnavailableReason, startSlurmCluster, type SlurmCluster } from '../../helpers/slurm-cluster';
import { cliAsync, cliSync, onlyRunId, readRun, runLogs, storedMetrics, waitFor, writeConfig } from '../../helpers/slurm-runs';
import { useTempDirs } from '../../helpers/temp-dir';

const skip = slurmUnavailableReason();
const tempDir = useTempDirs('distill-slurm-faults-');
let cluster: SlurmCluster | null = null;
const longer = { maxTrainSamples: 2048, epochs: 2, seed: 5 };

/** Starts `train --executor slurm` and waits until the job trains and metrics are ingested. */
async function startTraining(dir: string, over: Record<string, unknown> = longer, extra: string[] = []) {
  const data = join(dir, 'data');
  const config = writeConfig(dir, over);
  const cli = cliAsync(['train', config, '--executor', 'slurm', '--json', '--data-dir', data, ...extra], cluster!.env);
  const runId = await waitFor('the run', () => onlyRunId(data));
  await waitFor('ingested metrics', () => (readRun(data, runId).metrics_offset as number) > 0);
  const jobId = readRun(data, runId).job_id as string;
  return { data, config, cli, runId, jobId };
}

/** `scontrol listpids`: the job's processes on the node ('' when none). */
function listPids(jobId: string): string {
  try {
    return cluster!.run('scontrol', ['listpids', jobId]).split('\n').slice(1).join('\n');
  } catch {
    return '';
  }
}

/** Brings a node set DOWN back; 'Invalid node state' means it is already back (ReturnToService). */
function resumeNode(node: string): void {
  try {
    cluster!.run('scontrol', ['update', `nodename=${node}`, 'state=resume']);
  } catch (e) {
    if (!/Invalid node state/.test(String(e))) throw e;
  }
}

describe.skipIf(skip)('Slurm run faults', () => {
  beforeAll(async () => {
    requireBuild();
    cluster = await startSlurmCluster();
  });
  afterAll(() => cluster?.stop());

  it('cancels mid-run with scancel', async () => {
    const t = await startTraining(tempDir());
    t.cli.proc.kill('SIGINT'); // Ctrl-C: runs:cancel → scancel
    expect(await t.cli.done).toBe(1);
    const result = JSON.parse(t.cli.output().slice(t.cli.output().indexOf('{')));
    expect(result.status).toBe('cancelled');
    expect(cluster!.run('scontrol', ['show', 'job', '-o', t.jobId])).toMatch(/JobState=CANCELLED/);
    expect(readRun(t.data, t.runId)).toMatchObject({ status: 'cancelled' });
  });

  it('fails only the run whose job was killed on the node, with Slurm’s state', async () => {
    const t = await startTraining(tempDir());
    const pids = listPids(t.jobId)
      .split('\n')
      .map((l) => Number(l.trim().split(/\s+/)[0]))
      .filter((p) => Number.isInteger(p) && p > 1);
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    expect(await t.cli.done).toBe(1);
    const run = readRun(t.data, t.runId);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(new RegExp(`Slurm job ${t.jobId} ended FAILED`));
  });

  it('resumes a requeued job from its checkpoint, bit-exact', async () => {
    const t = await startTraining(tempDir());
    cluster!.run('scontrol', ['requeue', t.jobId]);
    await waitFor('the job pending again', () => /JobState=PENDING/.test(cluster!.run('scontrol', ['show', 'job', '-o', t.jobId])));
    // skip Slurm's requeue delay, but only once the stopped attempt is gone: released earlier, the
    // job is allocated again while the old batch step still ends, and that ending completes it
    await waitFor('the worker stopped', () => runLogs(t.data, t.runId).some((l) => l.startsWith('the worker stopped with a checkpoint')));
    await waitFor('the old attempt gone', () => !/^\s*\d+\s/m.test(listPids(t.jobId)));
    cluster!.run('scontrol', ['update', `jobid=${t.jobId}`, 'StartTime=now']);
    const code = await t.cli.done;
    const jobDir = String(readRun(t.data, t.runId).job_dir);
    const out = () =>
      readdirSync(jobDir)
        .filter((f) => f.endsWith('.out'))
        .map((f) => readFileSync(join(jobDir, f), 'utf8'))
        .join('\n');
    expect(code, `${t.cli.output()}\n${runLogs(t.data, t.runId).join('\n')}\n${out()}`).toBe(0);
    expect(readRun(t.data, t.runId)).toMatchObject({ status: 'completed' });
    const logs = runLogs(t.data, t.runId);
    expect(logs.some((l) => /^attempt 2 continues after step \d+/.test(l))).toBe(true);
    const local = JSON.parse(cliSync(['train', t.config, '--json', '--data-dir', join(t.data, '..', 'local')], {}).stdout);
    expect(storedMetrics(t.data, t.runId)).toEqual(storedMetrics(join(t.data, '..', 'local'), local.id));
  });

  it('fails a run without requeue on a node failure, with Slurm’s reason; a requeueable one resumes', async () => {
    const node = cluster!.node;
    const noRequeue = join(tempDir(), 'no-requeue.yaml');
    writeFileSync(noRequeue, 'extraSbatch: [--no-requeue]\n');
    const [fragile, sturdy] = await Promise.all([startTraining(tempDir(), longer, ['--profile', noRequeue]), startTraining(tempDir(), { ...longer, seed: 6 })]);
    cluster!.run('scontrol', ['update', `nodename=${node}`, 'state=down', 'reason=e2e node failure']);
    try {
      expect(await fragile.cli.done).toBe(1);
      expect(readRun(fragile.data, fragile.runId)).toMatchObject({ status: 'failed', state: 'NODE_FAIL' });
      expect(readRun(fragile.data, fragile.runId).error).toMatch(new RegExp(`Slurm job ${fragile.jobId} ended NODE_FAIL \\(NodeDown\\)`));
      await waitFor('the sturdy job requeued', () => /JobState=PENDING/.test(cluster!.run('scontrol', ['show', 'job', '-o', sturdy.jobId])));
      expect(readRun(sturdy.data, sturdy.runId).status).toBe('running');
    } finally {
      resumeNode(node);
    }
    await waitFor('the old attempt gone', () => !/^\s*\d+\s/m.test(listPids(sturdy.jobId)));
    cluster!.run('scontrol', ['update', `jobid=${sturdy.jobId}`, 'StartTime=now']);
    expect(await sturdy.cli.done).toBe(0);
    const local = JSON.parse(cliSync(['train', sturdy.config, '--json', '--data-dir', join(sturdy.data, '..', 'local')], {}).stdout);
    expect(storedMetrics(sturdy.data, sturdy.runId)).toEqual(storedMetrics(join(sturdy.data, '..', 'local'), local.id));
  }, 240_000);
});
