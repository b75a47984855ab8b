// Checkpoint and resume through real worker processes on the native backend: a run interrupted by
// an app shutdown resumes in a new worker from its checkpoint, repeats no step, and ends where an
// uninterrupted native run of the same config ends (same losses step by step, same accuracy).
// DISTILL_STUDIO_BACKEND=tensorflow makes a worker fail rather than fall back to pure JS.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bootServices } from '../../src-main/services/boot';
import type { StudioServices } from '../../src-main/services/studio-services';
import type { RunConfigInput } from '../../shared/schemas/run-config';
import { requireBuild, workerEntry } from '../helpers/built-app';
import { waitForProgress, waitForTerminal } from '../helpers/run-events';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('distill-native-resume-');
const previous = process.env.DISTILL_STUDIO_BACKEND;
let services: StudioServices | null = null;
const boot = async (dataDir: string) => (services = await bootServices({ dataDir, mode: 'cli', workerEntry, probeBackend: false }));

// cnn-tiny has BatchNorm: its moving statistics travel in the checkpoint too.
const config: RunConfigInput = {
  datasetId: 'mnist-demo',
  model: 'cnn-tiny',
  epochs: 3,
  batchSize: 32,
  maxTrainSamples: 320,
  maxValSamples: 200,
  seed: 11,
  threads: 1,
};

beforeAll(() => {
  requireBuild();
  process.env.DISTILL_STUDIO_BACKEND = 'tensorflow';
});
afterAll(() => {
  if (previous === undefined) delete process.env.DISTILL_STUDIO_BACKEND;
  else process.env.DISTILL_STUDIO_BACKEND = previous;
});
afterEach(async () => {
  await services?.shutdown({ graceMs: 5000 });
  services = null;
});

async function lossesOf(s: StudioServices, id: string) {
  const m = await s.invoke('runs:metrics', { id, keys: ['train/loss', 'val/acc'] });
  if (!m.ok) throw new Error(m.error.message);
  return { steps: m.value['train/loss']!.step, loss: m.value['train/loss']!.value, valAcc: m.value['val/acc']!.value };
}

describe('resume on the native backend', () => {
  it('continues an interrupted run in a new worker to the same end as an uninterrupted one', async () => {
    const dir = tempDir();
    let s = await boot(dir);
    const straight = await s.invoke('runs:start', { ...config, name: 'straight' });
    if (!straight.ok) throw new Error(straight.error.message);
    expect((await waitForTerminal(s, straight.value.id)).status).toBe('completed');
    const expected = await lossesOf(s, straight.value.id);
    const rec = await s.invoke('runs:get', { id: straight.value.id });
    expect(rec.ok && rec.value.backend).toBe('tensorflow');

    const run = await s.invoke('runs:start', { ...config, name: 'interrupted' });
    if (!run.ok) throw new Error(run.error.message);
    await waitForProgress(s, run.value.id, 4);
    await s.shutdown({ graceMs: 30_000 }); // the app closes: the worker checkpoints and stops
    services = null;

    s = await boot(dir);
    const resumed = await s.invoke('runs:resume', { id: run.value.id });
    expect(resumed.ok).toBe(true);
    expect((await waitForTerminal(s, run.value.id)).status).toBe('completed');
    const got = await lossesOf(s, run.value.id);
    expect(got.steps).toEqual(Array.from({ length: 30 }, (_, i) => i + 1)); // 3 epochs × 10 steps, each once
    // TensorFlow's CPU kernels at one thread are deterministic: the resumed run retraces the straight one
    got.loss.forEach((v, i) => expect(v, `step ${i + 1}`).toBeCloseTo(expected.loss[i]!, 5));
    expect(got.valAcc).toEqual(expected.valAcc);
    const logs = await s.invoke('runs:logs', { id: run.value.id, limit: 200 });
    expect(logs.ok && logs.value.some((l) => /^resumed at epoch \d, step \d+ of 30/.test(l.message))).toBe(true);
  }, 600_000);
});
