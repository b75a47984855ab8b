// Real worker processes training the small CNN on real MNIST digits: learning well above
// chance, cancel within a step, and a worker killed mid-run failing only its own run.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bootServices } from '../../src-main/services/boot';
import type { StudioServices } from '../../src-main/services/studio-services';
import { forkSpawner } from '../../src-main/training/host/fork-spawner';
import type { WorkerHandle } from '../../src-main/training/host/worker-handle';
import type { RunConfigInput } from '../../shared/schemas/run-config';
import { requireBuild, workerEntry } from '../helpers/built-app';
import { waitForProgress, waitForTerminal } from '../helpers/run-events';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('distill-int-');
let services: StudioServices | null = null;
let handles: WorkerHandle[] = [];

async function boot(dataDir: string): Promise<StudioServices> {
  handles = [];
  services = await bootServices({
    dataDir,
    mode: 'cli',
    workerEntry,
    probeBackend: false,
    spawnWorker: (entry, opts) => {
      const h = forkSpawner(entry, opts);
      handles.push(h);
      return h;
    },
  });
  return services;
}

const quick = (over: Partial<RunConfigInput> = {}): RunConfigInput => ({
  kind: 'student',
  datasetId: 'mnist-demo',
  model: 'cnn',
  epochs: 2,
  batchSize: 32,
  maxTrainSamples: 640,
  maxValSamples: 500,
  seed: 7,
  optimizer: { name: 'sgd', learningRate: 0.05, momentum: 0.9 },
  ...over,
});

beforeAll(() => requireBuild());
afterEach(async () => {
  await services?.shutdown({ graceMs: 2000 });
  services = null;
});

describe('training in a real worker process', () => {
  it('trains the small CNN on MNIST digits to well above chance and records everything', async () => {
    const dir = tempDir();
    const s = await boot(dir);
    const started = await s.invoke('runs:start', quick({ name: 'slice' }));
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const done = await waitForTerminal(s, started.value.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    expect(done.backend).toBe('cpu');
    expect(done.backendReason).toMatch(/pure-JS/);
    const ds = await s.invoke('datasets:get', { id: 'mnist-demo' });
    expect(done.environment).toMatchObject({
      tfjsVersion: '4.22.0',
      backendPackage: '@tensorflow/tfjs',
      gpu: false,
      nodeVersion: process.versions.node,
      datasetFingerprint: ds.ok ? ds.value.fingerprint : 'missing',
    });

    const detail = await s.invoke('runs:get', { id: done.id });
    if (!detail.ok) throw new Error(detail.error.message);
    const last = Object.fromEntries(detail.value.summary.map((m) => [m.key, m.last]));
    // 10 classes: chance is 0.10. Two short epochs on 640 digits reach well past it.
    expect(last['val/acc']).toBeGreaterThan(0.6);
    const epochLoss = await s.invoke('runs:metrics', { id: done.id, keys: ['train/epoch_loss'] });
    if (!epochLoss.ok) throw new Error(epochLoss.error.message);
    const [first, second] = epochLoss.value['train/epoch_loss']!.value;
    expect(second!).toBeLessThan(first!);
    const series = await s.invoke('runs:metrics', { id: done.id, keys: ['train/loss'] });
    if (!series.ok) throw new Error(series.error.message);
    expect(series.value['train/loss']!.step).toHaveLength(40); // 2 epochs × 20 steps, one point per step
    expect(existsSync(join(dir, 'runs', done.id, 'model', 'model.json'))).toBe(true);
    const logs = await s.invoke('runs:logs', { id: done.id, limit: 50 });
    expect(logs.ok && logs.value.some((l) => l.message.startsWith('epoch 2'))).toBe(true);
  }, 600_000);

  it('cancels a running run within a step and keeps its metrics', async () => {
    const dir = tempDir();
    const s = await boot(dir);
    const started = await s.invoke('runs:start', quick({ epochs: 50, maxTrainSamples: 2000 }));
    if (!started.ok) throw new Error(started.error.message);
    await waitForProgress(s, started.value.id, 2);
    const t0 = Date.now();
    const cancelled = await s.invoke('runs:cancel', { id: started.value.id });
    expect(cancelled.ok).toBe(true);
    const done = await waitForTerminal(s, started.value.id, 60_000);
    expect(done.status).toBe('cancelled');
    expect(Date.now() - t0).toBeLessThan(30_000);
    const series = await s.invoke('runs:metrics', { id: done.id, keys: ['train/loss'] });
    expect(series.ok && series.value['train/loss']!.step.length).toBeGreaterThanOrEqual(2);
    const again = await s.invoke('runs:cancel', { id: done.id });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('conflict');
  }, 300_000);

  it('a worker killed mid-run fails only its run, with the reason stored, and the queue goes on', async () => {
    const dir = tempDir();
    const s = await boot(dir);
    const victim = await s.invoke('runs:start', quick({ name: 'victim', epochs: 50, maxTrainSamples: 2000 }));
    const next = await s.invoke('runs:start', quick({ name: 'next', epochs: 1, maxTrainSamples: 64, maxValSamples: 64 }));
    if (!victim.ok || !next.ok) throw new Error('could not queue runs');
    expect(next.value.status).toBe('queued'); // one at a time by default
    await waitForProgress(s, victim.value.id, 1);
    process.kill(handles[0]!.pid!, 'SIGKILL');
    const dead = await waitForTerminal(s, victim.value.id, 30_000);
    expect(dead.status).toBe('failed');
    expect(dead.error).toMatch(/training worker was killed \(SIGKILL\)/);
    const after = await waitForTerminal(s, next.value.id);
    expect(after.status).toBe('completed');
    // The database stayed healthy throughout.
    const db = new Database(join(dir, 'studio.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }, 600_000);
});
