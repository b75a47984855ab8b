// model-card.json (export/model-card.ts): the input described in the layout of each format, the
// teacher of a distill run (a run, or an imported TF.js file), method and terms, and a card
// that survives JSON (what is written to disk).
import { describe, expect, it } from 'vitest';
import { buildModelCard, type CardInput } from '../../../src-main/export/model-card';
import type { RunRecord } from '../../../shared/types';

type Over = Omit<Partial<RunRecord>, 'config'> & { config: Partial<RunRecord['config']> };
const run = ({ config, ...over }: Over): RunRecord =>
  ({
    id: 'r1',
    name: 'S',
    kind: 'distill',
    seed: 7,
    teacherRunId: null,
    finishedAt: '2026-01-01T00:00:00.000Z',
    ...over,
    config: { model: 'resnet8', terms: [], ...config },
  }) as RunRecord;

const input = (r: RunRecord, teacher: RunRecord | null, format: CardInput['format']): CardInput => ({
  format,
  files: format === 'onnx' ? ['model.onnx'] : ['model.json', 'weights.bin'],
  run: r,
  teacher,
  dataset: { id: 'cifar', name: 'CIFAR-10', fingerprint: 'abc' },
  inputShape: [32, 32, 3],
  classNames: ['a', 'b'],
  normalisation: { mean: [0.5, 0.4, 0.3], std: [0.2, 0.2, 0.2] },
  metrics: { 'val/acc': 0.5 },
  verification: { split: 'test', samples: 10, appAccuracy: 0.5, exportedAccuracy: 0.5, maxLogitDiff: 1e-7, tolerance: 1e-4, runtime: 'x' },
});

describe('model card', () => {
  const terms = [
    { method: 'ce', weight: 0.1 },
    { method: 'kd', weight: 0.9, options: {} },
  ] as unknown as RunRecord['config']['terms'];
  const student = run({ teacherRunId: 't1', config: { terms } });
  const teacher = run({ id: 't1', name: 'T', kind: 'teacher', config: { model: 'resnet32x4' } });

  it('ONNX: NCHW input of raw pixels, the teacher run and the terms', () => {
    const card = JSON.parse(JSON.stringify(buildModelCard(input(student, teacher, 'onnx'))));
    expect(card).toMatchObject({
      format: 'onnx',
      architecture: 'resnet8',
      input: { layout: 'NCHW', shape: [null, 3, 32, 32], range: [0, 255] },
      output: { name: 'logits', shape: [null, 2] },
      normalisation: { included: true, mean: [0.5, 0.4, 0.3], std: [0.2, 0.2, 0.2] },
      dataset: { id: 'cifar', fingerprint: 'abc', imageShape: [32, 32, 3] },
      teacher: { runId: 't1', name: 'T', architecture: 'resnet32x4' },
      method: { kind: 'distill' },
      verification: { split: 'test' },
    });
  });

  it('lists the terms with the options the engine used and the paper', () => {
    const card = buildModelCard(input(student, teacher, 'onnx'));
    expect(card.method.terms).toEqual([
      { method: 'ce', weight: 0.1, options: {}, paper: '' },
      { method: 'kd', weight: 0.9, options: { temperature: 4 }, paper: expect.stringMatching(/Hinton/) },
    ]);
  });

  it('TF.js: NHWC input; an imported teacher is named by its file; no teacher is null', () => {
    const imported = run({ config: { teacherModelPath: '/models/t/model.json' } });
    const card = buildModelCard(input(imported, null, 'tfjs'));
    expect(card.format).toBe('tfjs-layers');
    expect(card.input).toMatchObject({ layout: 'NHWC', shape: [null, 32, 32, 3] });
    expect(card.teacher).toEqual({ modelPath: '/models/t/model.json' });
    expect(buildModelCard(input(run({ kind: 'teacher', config: {} }), null, 'onnx')).teacher).toBeNull();
  });
});
