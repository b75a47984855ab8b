// A 3-seed sweep with the slurm executor goes out as one job array on the real single-node
// cluster; every task trains its run and the metrics equal those of the same seeds run locally.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bootServices } from '../../../src-main/services/boot';
import type { StudioServices } from '../../../src-main/services/studio-services';
import type { RunRecord } from '../../../shared/types';
import { requireBuild, workerEntry } from '../../helpers/built-app';
import { waitForTerminal } from '../../helpers/run-events';
import { slurmUnavailableReason, startSlurmCluster, type SlurmCluster } from '../../helpers/slurm-cluster';
import { cliSync, readRun, runLogs, storedMetrics } from '../../helpers/slurm-runs';
import { useTempDirs } from '../../helpers/temp-dir';

const skip = slurmUnavailableReason();
const tempDir = useTempDirs('distill-slurm-sweep-');
let cluster: SlurmCluster | null = null;
let services: StudioServices | null = null;

const base = {
  kind: 'student' as const,
  datasetId: 'mnist-demo',
  model: 'cnn',
  epochs: 1,
  batchSize: 32,
  maxTrainSamples: 256,
  maxValSamples: 200,
  optimizer: { name: 'sgd' as const, learningRate: 0.05, momentum: 0.9 },
};

async function sweep(dataDir: string, executor?: 'slurm'): Promise<RunRecord[]> {
  services = await bootServices({ dataDir, mode: 'cli', workerEntry, probeBackend: false });
  const started = await services.invoke('runs:sweep', { base: { ...base, ...(executor ? { executor } : {}) }, seeds: [1, 2, 3] });
  if (!started.ok) throw new Error(started.error.message);
  const ended = await Promise.all(started.value.map((r) => waitForTerminal(services!, r.id, 300_000)));
  await services.shutdown({ graceMs: 2000 });
  services = null;
  return ended;
}

describe.skipIf(skip)('a sweep on Slurm', () => {
  beforeAll(async () => {
    requireBuild();
    cluster = await startSlurmCluster();
    process.env.SLURM_CONF = cluster.conf;
  });
  afterEach(async () => {
    await services?.shutdown({ graceMs: 2000 });
    services = null;
  });
  afterAll(() => {
    cluster?.stop();
    delete process.env.SLURM_CONF;
  });

  it('runs as one job array with metrics identical to the same seeds run locally', async () => {
    const dir = tempDir();
    const remote = await sweep(join(dir, 'remote'), 'slurm');
    expect(remote.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    const jobIds = remote.map((r) => String(readRun(join(dir, 'remote'), r.id).job_id));
    const arrayId = jobIds[0]!.split('_')[0];
    expect(jobIds.sort()).toEqual([`${arrayId}_0`, `${arrayId}_1`, `${arrayId}_2`]);
    expect(runLogs(join(dir, 'remote'), remote[0]!.id).some((l) => /task of a 3-run job array/.test(l))).toBe(true);
    const task = jobIds.indexOf(String(readRun(join(dir, 'remote'), remote[1]!.id).job_id)); // after the sort
    const shown = cliSync(['runs', 'show', remote[1]!.id, '--data-dir', join(dir, 'remote')], {}, 60_000).stdout;
    expect(shown).toMatch(new RegExp(`^Slurm job ${arrayId}_${task} \\(array job ${arrayId}, task ${task}; \\w+`, 'm'));

    const local = await sweep(join(dir, 'local'));
    const bySeed = (runs: RunRecord[]) => new Map(runs.map((r) => [r.config.seed, r.id]));
    const l = bySeed(local);
    for (const [seed, id] of bySeed(remote)) {
      const metrics = storedMetrics(join(dir, 'remote'), id);
      expect(metrics.length).toBeGreaterThan(10);
      expect(metrics).toEqual(storedMetrics(join(dir, 'local'), l.get(seed)!));
    }
  });
});
