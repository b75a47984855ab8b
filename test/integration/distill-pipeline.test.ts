// Distillation and resume through real worker processes: a distill run queued behind its teacher
// starts when the teacher completes and trains every configured term; a run interrupted by an
// app shutdown resumes from its checkpoint and finishes without repeating steps.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bootServices } from '../../src-main/services/boot';
import type { StudioServices } from '../../src-main/services/studio-services';
import type { RunConfigInput } from '../../shared/schemas/run-config';
import { requireBuild, workerEntry } from '../helpers/built-app';
import { waitForProgress, waitForTerminal } from '../helpers/run-events';

import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('distill-pipe-');
let services: StudioServices | null = null;
const boot = async (dataDir: string) => (services = await bootServices({ dataDir, mode: 'cli', workerEntry, probeBackend: false }));

const small = (over: Partial<RunConfigInput>): RunConfigInput => ({
  datasetId: 'mnist-demo',
  model: 'cnn',
  epochs: 1,
  batchSize: 32,
  maxTrainSamples: 256,
  maxValSamples: 200,
  seed: 5,
  ...over,
});

beforeAll(() => requireBuild());
afterEach(async () => {
  await services?.shutdown({ graceMs: 5000 });
  services = null;
});

describe('distillation pipeline', () => {
  it('runs a KD+NST student after its queued teacher, logging every term', async () => {
    const s = await boot(tempDir());
    const teacher = await s.invoke('runs:start', small({ kind: 'teacher', name: 'T' }));
    if (!teacher.ok) throw new Error(teacher.error.message);
    const student = await s.invoke(
      'runs:start',
      small({
        kind: 'distill',
        name: 'S',
        teacherRunId: teacher.value.id,
        terms: [
          { method: 'ce', weight: 0.1 },
          { method: 'kd', weight: 0.9, options: { temperature: 4 } },
          { method: 'nst', weight: 50, teacherTap: 'stage2', studentTap: 'stage2', options: { kernel: 'poly' } },
        ],
      }),
    );
    if (!student.ok) throw new Error(student.error.message);
    expect((await waitForTerminal(s, teacher.value.id)).status).toBe('completed');
    const done = await waitForTerminal(s, student.value.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    const m = await s.invoke('runs:metrics', { id: done.id });
    if (!m.ok) throw new Error(m.error.message);
    for (const key of ['loss/ce', 'loss/kd', 'loss/nst[stage2]', 'loss_w/kd', 'loss_w/nst[stage2]', 'train/loss', 'val/acc', 'final/agreement']) {
      expect(m.value[key], key).toBeDefined();
    }
    expect(m.value['final/agreement']!.value[0]).toBeGreaterThan(0.1);
    const logs = await s.invoke('runs:logs', { id: done.id, limit: 100 });
    expect(logs.ok && logs.value.some((l) => /teacher loaded: .* taps logits, stage1, stage2/.test(l.message))).toBe(true);
  }, 600_000);

  it('fails a distill run whose teacher did not complete, naming the teacher', async () => {
    const s = await boot(tempDir());
    const teacher = await s.invoke('runs:start', small({ kind: 'teacher', name: 'stopped teacher', epochs: 20 }));
    if (!teacher.ok) throw new Error(teacher.error.message);
    const student = await s.invoke('runs:start', small({ kind: 'distill', teacherRunId: teacher.value.id, terms: [{ method: 'kd', weight: 1 }] }));
    if (!student.ok) throw new Error(student.error.message);
    await waitForProgress(s, teacher.value.id, 1);
    await s.invoke('runs:cancel', { id: teacher.value.id });
    expect((await waitForTerminal(s, teacher.value.id)).status).toBe('cancelled');
    const d = await waitForTerminal(s, student.value.id, 30_000);
    expect(d.status).toBe('failed');
    expect(d.error).toMatch(/teacher run 'stopped teacher' ended cancelled/);
  }, 300_000);
});

describe('resume', () => {
  it('continues an interrupted run from its checkpoint without repeating steps', async () => {
    const dir = tempDir();
    let s = await boot(dir);
    const run = await s.invoke('runs:start', small({ epochs: 3, maxTrainSamples: 320 }));
    if (!run.ok) throw new Error(run.error.message);
    await waitForProgress(s, run.value.id, 4);
    await s.shutdown({ graceMs: 30_000 }); // the app closes: the worker checkpoints and stops
    services = null;

    s = await boot(dir);
    const interrupted = await s.invoke('runs:get', { id: run.value.id });
    expect(interrupted.ok && interrupted.value.status).toBe('interrupted');
    const resumed = await s.invoke('runs:resume', { id: run.value.id });
    expect(resumed.ok).toBe(true);
    const done = await waitForTerminal(s, run.value.id);
    expect(done.status).toBe('completed');
    const m = await s.invoke('runs:metrics', { id: run.value.id, keys: ['train/loss'] });
    if (!m.ok) throw new Error(m.error.message);
    const steps = m.value['train/loss']!.step;
    expect(steps).toEqual(Array.from({ length: 30 }, (_, i) => i + 1)); // 3 epochs × 10 steps, each once
    const logs = await s.invoke('runs:logs', { id: run.value.id, limit: 200 });
    expect(logs.ok && logs.value.some((l) => /^resumed at epoch \d, step \d+ of 30/.test(l.message))).toBe(true);
  }, 600_000);
});
