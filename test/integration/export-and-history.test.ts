// Exports through real worker processes: a completed distill run's model exported to a folder
// scores exactly what the run recorded (and an export folder imports back as a teacher through
// its training/ form); attention maps come back as images; a run bundle moves
// to another data folder intact; deleting runs removes their files and protects teachers.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootServices } from '../../src-main/services/boot';
import type { StudioServices } from '../../src-main/services/studio-services';
import type { RunRecord } from '../../shared/types';
import { requireBuild, workerEntry } from '../helpers/built-app';
import { waitForTerminal } from '../helpers/run-events';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir';

let dir: string;
let services: StudioServices;
let teacher: RunRecord;
let student: RunRecord;

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

beforeAll(async () => {
  requireBuild();
  dir = makeTempDir('distill-export-');
  services = await bootServices({ dataDir: join(dir, 'data'), mode: 'cli', workerEntry, probeBackend: false });
  const base = { datasetId: 'mnist-demo', model: 'cnn', epochs: 1, batchSize: 32, maxTrainSamples: 256, maxValSamples: 300, seed: 2 };
  teacher = ok(await services.invoke('runs:start', { ...base, kind: 'teacher', name: 'T' }));
  student = ok(
    await services.invoke('runs:start', {
      ...base,
      kind: 'distill',
      name: 'S',
      teacherRunId: teacher.id,
      terms: [
        { method: 'ce', weight: 1 },
        { method: 'at', weight: 1000, teacherTap: 'stage1', studentTap: 'stage1' },
      ],
    }),
  );
  await waitForTerminal(services, student.id);
}, 600_000);

afterAll(async () => {
  await services.shutdown({ graceMs: 2000 });
  removeTempDir(dir);
});

describe('exports', () => {
  it('exports the model and verifies it scores what the run recorded', async () => {
    const out = ok(await services.invoke('export:model', { id: student.id, dir: join(dir, 'exported') }));
    expect(out.files).toEqual(['model-card.json', 'model.json', 'training/model.json', 'training/taps.json', 'training/weights.bin', 'weights.bin']);
    expect(out.runAccuracy).not.toBeNull();
    expect(out.verifiedAccuracy).toBe(out.runAccuracy);
    expect(out.maxLogitDiff).toBeLessThanOrEqual(1e-4);
    expect(out.matches).toBe(true);
    const again = await services.invoke('export:model', { id: student.id, dir: join(dir, 'exported') });
    expect(!again.ok && again.error.message).toMatch(/already holds a model.json; pick an empty folder/);
  }, 120_000);

  it('draws teacher and student attention maps for chosen validation images', async () => {
    const maps = ok(await services.invoke('runs:attention', { id: student.id, samples: [0, 5] }));
    expect(maps.images).toHaveLength(2);
    expect(maps.images[0]).toMatch(/^data:image\/png;base64,/);
    expect(maps.pairs).toEqual([expect.objectContaining({ teacherTap: 'stage1', studentTap: 'stage1' })]);
    expect(maps.pairs[0]!.teacher).toHaveLength(2);
    expect(maps.pairs[0]!.student).toHaveLength(2);
    const bad = await services.invoke('runs:attention', { id: student.id, samples: [99_999] });
    expect(!bad.ok && bad.error.message).toMatch(/outside the validation split/);
  }, 120_000);

  it('reports the confusion matrix of a finished run', async () => {
    const report = ok(await services.invoke('runs:report', { id: student.id }));
    expect(report.confusion.flat().reduce((a, b) => a + b)).toBe(300);
    expect(report.classNames).toHaveLength(10);
    expect(report.agreement).toBeGreaterThan(0);
  });

  it('moves a run to another library as a bundle, with metrics and model', async () => {
    const file = join(dir, 'S.dsbundle');
    ok(await services.invoke('export:bundle', { id: teacher.id, file }));
    const other = await bootServices({ dataDir: join(dir, 'other'), mode: 'cli', workerEntry, probeBackend: false });
    try {
      const imported = ok(await other.invoke('import:bundle', { file }));
      expect(imported).toMatchObject({ id: teacher.id, name: 'T', status: 'completed', backend: 'cpu' });
      const original = ok(await services.invoke('runs:get', { id: teacher.id }));
      expect(imported.environment).toEqual(original.environment);
      expect(imported.environment?.tfjsVersion).toBe('4.22.0');
      const a = ok(await services.invoke('runs:metrics', { id: teacher.id }));
      const b = ok(await other.invoke('runs:metrics', { id: teacher.id }));
      expect(b).toEqual(a);
      expect(readdirSync(join(dir, 'other', 'runs', teacher.id, 'model')).sort()).toEqual(['model.json', 'taps.json', 'weights.bin']);
      const twice = await other.invoke('import:bundle', { file });
      expect(!twice.ok && twice.error.message).toMatch(/already in this library/);
    } finally {
      await other.shutdown({ graceMs: 100 });
    }
  });
});

describe('imported TF.js teacher', () => {
  it('distils from an exported model.json used as an imported teacher', async () => {
    const folder = join(dir, 'teacher-export');
    const base = { datasetId: 'mnist-demo', model: 'cnn', epochs: 1, batchSize: 32, maxTrainSamples: 128, maxValSamples: 100, seed: 4 };
    const t = ok(await services.invoke('runs:start', { ...base, kind: 'teacher', name: 'T2' }));
    await waitForTerminal(services, t.id);
    ok(await services.invoke('export:model', { id: t.id, dir: folder }));
    const missing = await services.invoke('runs:start', {
      ...base,
      kind: 'distill',
      teacherModelPath: join(dir, 'nowhere'),
      terms: [{ method: 'kd', weight: 1 }],
    });
    expect(!missing.ok && missing.error.message).toMatch(/teacherModelPath: no TF.js model at .*nowhere.model\.json/);
    const s = ok(
      await services.invoke('runs:start', {
        ...base,
        kind: 'distill',
        teacherModelPath: join(folder, 'model.json'),
        terms: [
          { method: 'ce', weight: 0.1 },
          { method: 'kd', weight: 0.9 },
          { method: 'nst', weight: 50, teacherTap: 'stage2', studentTap: 'stage2' },
        ],
      }),
    );
    const done = await waitForTerminal(services, s.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    const m = ok(await services.invoke('runs:metrics', { id: s.id, keys: ['loss/kd', 'loss/nst[stage2]'] }));
    expect(m['loss/kd']!.value.length).toBe(4);
    expect(m['loss/nst[stage2]']!.value.every(Number.isFinite)).toBe(true);
  }, 300_000);
});

describe('history edits', () => {
  it('refuses to delete a teacher its students still need, then deletes both with their files', async () => {
    const refused = await services.invoke('runs:delete', { ids: [teacher.id] });
    expect(!refused.ok && refused.error.message).toMatch(/is the teacher of 1 other run/);
    const page = ok(await services.invoke('runs:query', { columns: [{ key: 'val/acc', agg: 'best' }] }));
    expect(page.total).toBe(4);
    ok(await services.invoke('runs:delete', { ids: [teacher.id, student.id] }));
    expect(existsSync(join(dir, 'data', 'runs', student.id))).toBe(false);
    expect(ok(await services.invoke('runs:query', {})).total).toBe(2);
  });
});
