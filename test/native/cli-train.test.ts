// A whole run through the CLI on the native backend, as a user would: a real worker process
// (DISTILL_STUDIO_BACKEND=tensorflow makes it fail rather than fall back), the run's record
// naming the backend and the thread count its config asked for, export verified by reloading, and doctor reporting the same backend.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBin, projectRoot, requireBuild } from '../helpers/built-app';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('distill-native-');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [cliBin, ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, DISTILL_STUDIO_BACKEND: 'tensorflow' },
    timeout: 240_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => requireBuild());

describe('CLI on the native backend', () => {
  it('trains examples/mnist-cnn.yaml in a worker, records the backend, exports a reloadable model', () => {
    const dir = tempDir();
    const config = readFileSync(join(projectRoot, 'examples', 'mnist-cnn.yaml'), 'utf8')
      .replace(/^epochs: .*$/m, 'epochs: 1')
      .replace(/^maxTrainSamples: .*$/m, 'maxTrainSamples: 640')
      .replace(/^maxValSamples: .*$/m, 'maxValSamples: 320\nthreads: 1');
    writeFileSync(join(dir, 'run.yaml'), config);
    const train = cli(['train', join(dir, 'run.yaml'), '--json', '--data-dir', dir]);
    expect(train.code, train.stderr).toBe(0);
    const result = JSON.parse(train.stdout);
    expect(result).toMatchObject({ status: 'completed', backend: 'tensorflow' });
    expect(result.finalMetrics['val/acc']).toBeGreaterThan(0.3); // chance is 0.1

    const show = cli(['runs', 'show', result.id, '--json', '--data-dir', dir]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/setup-backend/);
    expect(show.stdout).toMatch(/CPU with 1 thread\b/); // the run's `threads: 1` reached TensorFlow

    const out = join(dir, 'export');
    const exported = cli(['export', result.id, '--format', 'tfjs', '--out', out, '--json', '--data-dir', dir]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).modelTopology).toBeDefined();
  });

  it('doctor reports the native backend a worker gets, with its TF version', () => {
    const r = cli(['doctor', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.worker.worker.name).toBe('tensorflow');
    expect(report.worker.worker.native.tfVersion).toMatch(/^2\.\d+\.\d+/);
    expect(report.worker.maxAbsDiff).toBeLessThan(1e-4);
  });
});
