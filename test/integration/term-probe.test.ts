// runs:probe through a real worker process: the terms of a distill config weighed at the start,
// before anything is stored. With one batch in the run's order and no augmentation, the probe's
// values must equal the first training step's logged terms exactly (same initialisation, batch
// and teacher); configs that runs:start refuses are refused the same way; nothing is stored.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootServices } from '../../src-main/services/boot';
import { probeQueue } from '../../src-main/services/term-probe-service';
import type { StudioServices } from '../../src-main/services/studio-services';
import type { RunRecord } from '../../shared/types';
import { requireBuild, workerEntry } from '../helpers/built-app';
import { waitForTerminal } from '../helpers/run-events';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir';

let dir: string;
let services: StudioServices;
let teacher: RunRecord;

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const base = {
  datasetId: 'mnist-demo',
  model: 'cnn-tiny',
  epochs: 1,
  batchSize: 32,
  maxValSamples: 100,
  seed: 4,
  augment: { randomCrop: false, horizontalFlip: false },
};
const terms = [
  { method: 'ce' as const, weight: 0.1 },
  { method: 'kd' as const, weight: 0.9, options: { temperature: 4 } },
  { method: 'nst' as const, weight: 50, teacherTap: 'stage2', studentTap: 'stage2' },
];

beforeAll(async () => {
  requireBuild();
  dir = makeTempDir('distill-probe-');
  services = await bootServices({ dataDir: join(dir, 'data'), mode: 'cli', workerEntry, probeBackend: false });
  teacher = ok(await services.invoke('runs:start', { ...base, model: 'cnn-wide', kind: 'teacher', name: 'T', maxTrainSamples: 256 }));
  await waitForTerminal(services, teacher.id);
}, 600_000);

afterAll(async () => {
  await services.shutdown({ graceMs: 2000 });
  removeTempDir(dir);
});

describe('runs:probe', () => {
  it("weighs the terms exactly as the run's first step does, and stores nothing", async () => {
    const config = { ...base, kind: 'distill' as const, name: 'S', teacherRunId: teacher.id, maxTrainSamples: 32, terms };
    const before = ok(await services.invoke('runs:list', {})).length;
    const probe = ok(await services.invoke('runs:probe', config));
    expect(ok(await services.invoke('runs:list', {})).length).toBe(before);
    expect(probe.images).toBe(32);
    expect(probe.terms.map((t) => t.name)).toEqual(['ce', 'kd', 'nst[stage2]']);
    expect(probe.terms.reduce((a, t) => a + t.share, 0)).toBeCloseTo(1, 12);
    for (const t of probe.terms) expect(t.weighted).toBeCloseTo(t.raw * terms.find((x) => t.name.startsWith(x.method))!.weight, 5);

    // the same config trained: step 1's logged terms are the probe's
    const run = ok(await services.invoke('runs:start', config));
    await waitForTerminal(services, run.id);
    const metrics = ok(await services.invoke('runs:metrics', { id: run.id }));
    for (const t of probe.terms) {
      const s = metrics[`loss/${t.name}`]!;
      const logged = s.value[s.step.indexOf(1)]!;
      expect(t.raw, t.name).toBeCloseTo(logged, 5);
    }
  }, 300_000);

  it('refuses what runs:start refuses, and runs that have no terms to weigh', async () => {
    const bad = await services.invoke('runs:probe', {
      ...base,
      kind: 'distill',
      teacherRunId: teacher.id,
      terms: [{ method: 'nst', weight: 50, teacherTap: 'stage9', studentTap: 'stage2' }],
    });
    expect(!bad.ok && bad.error.message).toMatch(/'stage9' is not a tap of cnn-wide/);
    const plain = await services.invoke('runs:probe', { ...base, kind: 'student' });
    expect(!plain.ok && plain.error.message).toBe('only a distill run has terms to weigh against each other');
  }, 120_000);
});

describe('probeQueue', () => {
  it('runs one probe at a time, admits one waiting, and refuses beyond that', async () => {
    const queue = probeQueue();
    const order: string[] = [];
    let release!: () => void;
    const first = queue(() => new Promise<string>((r) => (release = () => r('first'))).then((v) => (order.push(v), v)));
    const second = queue(async () => (order.push('second'), 'second'));
    await expect(queue(async () => 'third')).rejects.toThrow(/already being weighed/);
    expect(order).toEqual([]); // the second waits for the first
    release();
    expect(await Promise.all([first, second])).toEqual(['first', 'second']);
    expect(order).toEqual(['first', 'second']);
    expect(await queue(async () => 'later')).toBe('later'); // room again
  });
});
