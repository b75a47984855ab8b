// The paper recipe (shared/recipes.ts): the form it fills gives the published training config,
// and a run of it is matched to the right published number, and only such a run.
import { describe, expect, it } from 'vitest';
import { CIFAR100_PAPER_RECIPE, followsRecipe } from '../../../../shared/recipes';
import { presetTerms } from '../../../../shared/presets';
import { RunConfigSchema, type RunConfig } from '../../../../shared/schemas/run-config';
import { recipeToForm } from '../../../../src-renderer/lib/form/recipe-form';
import { defaultRunForm, validateRunForm } from '../../../../src-renderer/lib/form/run-form';
import { paperReference } from '../../../../src-renderer/lib/tables/paper-reference';

function recipeConfig(over: Partial<RunConfig> = {}): RunConfig {
  const form = { ...defaultRunForm(), ...recipeToForm(CIFAR100_PAPER_RECIPE), datasetId: 'cifar100', model: 'resnet8x4' };
  const { config, errors } = validateRunForm(form);
  expect(errors).toEqual({});
  return { ...RunConfigSchema.parse(config), ...over };
}

describe('CIFAR-100 paper recipe', () => {
  it('fills the form with the published training settings', () => {
    const c = recipeConfig();
    expect(c).toMatchObject({
      epochs: 240,
      batchSize: 64,
      schedule: 'step',
      optimizer: { name: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: false, weightDecay: 0.0005 },
      augment: { randomCrop: true, horizontalFlip: true },
    });
    expect(followsRecipe(c)).toBe(true);
    expect(followsRecipe({ ...c, epochs: 30 })).toBe(false);
    expect(followsRecipe({ ...c, maxTrainSamples: 5000 })).toBe(false);
  });

  it('sets a run beside the published number it reproduces', () => {
    const taps = ['stage1', 'stage2', 'stage3', 'logits'];
    const student = paperReference(recipeConfig({ kind: 'student' }), 100);
    expect(student).toMatchObject({ teacher: 'resnet32x4', student: 'resnet8x4', matches: 'student', reference: { student: 72.5, kd: 73.33 } });
    const kd = paperReference(recipeConfig({ kind: 'distill', teacherRunId: 't', terms: presetTerms('kd', taps, taps) }), 100);
    expect(kd?.matches).toBe('kd');
    const nst = paperReference(recipeConfig({ kind: 'distill', teacherRunId: 't', terms: presetTerms('nst-poly', taps, taps) }), 100);
    expect(nst?.matches).toBe('nst');
    const both = paperReference(recipeConfig({ kind: 'distill', teacherRunId: 't', terms: presetTerms('kd+nst', taps, taps) }), 100);
    expect(both?.matches).toBeNull(); // the paper has no KD+NST entry for this pair
    expect(paperReference(recipeConfig({ kind: 'teacher', model: 'resnet56' }), 100)).toMatchObject({
      matches: 'teacher',
      reference: { teacher: 72.34, student: 69.06 },
    });
    expect(paperReference(recipeConfig(), 10)).toBeNull(); // not CIFAR-100
    expect(paperReference(recipeConfig({ model: 'cnn' }), 100)).toBeNull();
    expect(paperReference(recipeConfig({ epochs: 2 }), 100)).toBeNull();
  });
});
