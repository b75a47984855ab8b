// A Slurm run waiting in the queue on a real single-node cluster: while another job holds every
// CPU of the node, the run is `running` and `runs show` (a second CLI process reading SQLite)
// says "pending on Slurm (Resources)" with the executor and the job id; the waiting `train`
// prints the same line. Once the blocking job is cancelled the run starts and completes.
// About 8–10 s on the 2-core test machine.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../../helpers/built-app';
import { slurmUnavailableReason, startSlurmCluster, type SlurmCluster } from '../../helpers/slurm-cluster';
import { cliAsync, cliSync, onlyRunId, readRun, waitFor, writeConfig } from '../../helpers/slurm-runs';
import { useTempDirs } from '../../helpers/temp-dir';

const skip = slurmUnavailableReason();
const tempDir = useTempDirs('distill-slurm-pending-');
let cluster: SlurmCluster | null = null;

describe.skipIf(skip)('a Slurm run pending in the queue', () => {
  beforeAll(async () => {
    requireBuild();
    cluster = await startSlurmCluster();
  });
  afterAll(() => cluster?.stop());

  it('shows “pending on Slurm (Resources)” until the job starts, then finishes', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const blocker = cluster!.run('sbatch', ['--parsable', `--cpus-per-task=${cpus().length}`, '-o', '/dev/null', '--wrap', 'sleep 600']).trim();
    await waitFor('the blocking job running', () => /JobState=RUNNING/.test(cluster!.run('scontrol', ['show', 'job', '-o', blocker])), 60_000);
    const cli = cliAsync(['train', writeConfig(dir), '--executor', 'slurm', '--data-dir', data], cluster!.env);
    const runId = await waitFor('the run', () => onlyRunId(data));
    const show = () => cliSync(['runs', 'show', runId, '--data-dir', data], {}, 60_000).stdout;
    const pending = await waitFor(
      'runs show saying pending',
      () => {
        const out = show();
        return /pending on Slurm \(Resources\)/.test(out) && out;
      },
      60_000,
      500,
    );
    const jobId = readRun(data, runId).job_id as string;
    expect(pending).toMatch(/^Status {4}running — pending on Slurm \(Resources\)$/m);
    expect(pending).toMatch(/^Executor {2}slurm$/m);
    expect(pending).toContain(`Slurm job ${jobId} (PENDING, Resources)`);
    const json = JSON.parse(cliSync(['runs', 'show', runId, '--json', '--data-dir', data], {}, 60_000).stdout);
    expect(json).toMatchObject({
      status: 'running',
      executor: 'slurm',
      slurm: { jobId, arrayTask: null, state: 'PENDING', reason: 'Resources', waiting: 'pending on Slurm (Resources)' },
    });
    await waitFor('train printing the wait', () => cli.output().includes('pending on Slurm (Resources)'), 30_000);

    cluster!.run('scancel', [blocker]);
    expect(await cli.done, cli.output()).toBe(0);
    const after = show();
    expect(after).toMatch(/^Status {4}completed$/m);
    expect(after).not.toContain('pending on Slurm');
    expect(cli.output()).toMatch(/Slurm job \d+ RUNNING after \d+ ms/);
  }, 180_000);
});
