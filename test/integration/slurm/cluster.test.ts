// The test cluster itself: starts in seconds, runs a batch job, refuses an unknown partition with
// Slurm's own message, and stops cleanly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slurmUnavailableReason, startSlurmCluster, type SlurmCluster } from '../../helpers/slurm-cluster';

const skip = slurmUnavailableReason();
let cluster: SlurmCluster | null = null;

describe.skipIf(skip)('single-node Slurm test cluster', () => {
  beforeAll(async () => {
    cluster = await startSlurmCluster();
  });
  afterAll(() => cluster?.stop());

  it('runs a batch job to completion', async () => {
    const c = cluster!;
    const out = join(c.dir, 'hello.txt');
    const id = c.run('sbatch', ['--parsable', '-o', out, '--wrap', 'echo hello from $SLURM_JOB_ID']).trim();
    expect(id).toMatch(/^\d+$/);
    for (let i = 0; i < 100 && !/COMPLETED/.test(c.run('scontrol', ['show', 'job', '-o', id])); i++) await new Promise((r) => setTimeout(r, 100));
    expect(readFileSync(out, 'utf8')).toBe(`hello from ${id}\n`);
  });

  it('refuses an unknown partition with Slurm’s message', () => {
    expect(() => cluster!.run('sbatch', ['--parsable', '-p', 'nope', '--wrap', 'true'])).toThrow(/invalid partition/i);
  });
});
