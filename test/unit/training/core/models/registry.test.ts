// The zoo's names, the error for an unknown name, and listModels as the UI's ModelInfo list.
import { describe, expect, it } from 'vitest';
import { MODEL_REGISTRY, buildModel, describeModel, getModelSpec, listModels } from '../../../../../src-main/training/core/models/registry';

const ZOO = [
  'resnet8',
  'resnet14',
  'resnet20',
  'resnet32',
  'resnet44',
  'resnet56',
  'resnet110',
  'resnet8x4',
  'resnet32x4',
  'wrn-16-1',
  'wrn-16-2',
  'wrn-40-1',
  'wrn-40-2',
  'vgg8',
  'vgg13',
  'cnn',
  'cnn-wide',
  'cnn-tiny',
];

describe('model registry', () => {
  it('holds the zoo of docs/methods.md, each with a description', () => {
    expect([...MODEL_REGISTRY.keys()]).toEqual(ZOO);
    for (const spec of MODEL_REGISTRY.values()) expect(spec.description.length).toBeGreaterThan(20);
  });

  it('unknown names: an error listing the available models', () => {
    for (const call of [() => getModelSpec('resnet18'), () => buildModel('resnet18', [32, 32, 3], 10, 1), () => describeModel('resnet18', [32, 32, 3], 10)]) {
      expect(call).toThrow(/unknown model 'resnet18'; available: resnet8, resnet14, .*wrn-40-2, vgg8, vgg13, cnn, cnn-wide, cnn-tiny/);
    }
  });

  it('listModels: ModelInfo with params, MACs and tap shapes for the given input', () => {
    const list = listModels([32, 32, 3], 100);
    expect(list.map((m) => m.name)).toEqual(ZOO);
    const r20 = list.find((m) => m.name === 'resnet20')!;
    expect(r20).toMatchObject({ params: 278_324, flops: 40_818_944, taps: ['logits', 'stage1', 'stage2', 'stage3'] });
    expect(r20.tapShapes).toEqual([
      { name: 'logits', shape: [100] },
      { name: 'stage1', shape: [32, 32, 16] },
      { name: 'stage2', shape: [16, 16, 32] },
      { name: 'stage3', shape: [8, 8, 64] },
    ]);
    for (const m of list) expect(m.taps).toEqual(m.tapShapes!.map((t) => t.name));
  });

  it('listModels leaves out models the input is too small for', () => {
    const names = listModels([4, 4, 1], 10).map((m) => m.name);
    expect(names).not.toContain('vgg8');
    expect(names).toContain('resnet20');
  });
});
