import { describe, expect, it } from 'vitest';
import { RunConfigSchema } from '../../../shared/schemas/run-config';
import { defaultRunForm, validateRunForm, type RunFormState } from '../../../src-renderer/lib/run-form';

const filled = (over: Partial<RunFormState> = {}): RunFormState => ({
  ...defaultRunForm(),
  datasetId: 'mnist-demo',
  model: 'cnn',
  ...over,
});

describe('validateRunForm', () => {
  it('turns a valid form into a config the shared schema accepts', () => {
    const { config, errors } = validateRunForm(
      filled({ name: '  baseline ', epochs: '2', batchSize: '32', learningRate: '1e-3', optimizer: 'adam', maxTrainSamples: '300' }),
    );
    expect(errors).toEqual({});
    expect(config).toEqual({
      name: 'baseline',
      kind: 'student',
      datasetId: 'mnist-demo',
      model: 'cnn',
      epochs: 2,
      batchSize: 32,
      optimizer: { name: 'adam', learningRate: 0.001 },
      seed: 42,
      maxTrainSamples: 300,
    });
    expect(RunConfigSchema.safeParse(config).success).toBe(true);
  });

  it('leaves optional fields out when empty', () => {
    const { config } = validateRunForm(filled());
    expect(config).not.toBeNull();
    expect(config).not.toHaveProperty('name');
    expect(config).not.toHaveProperty('maxTrainSamples');
  });

  it('gives one readable message per field', () => {
    const { config, errors } = validateRunForm(
      filled({
        datasetId: '',
        model: '',
        epochs: '0',
        batchSize: '2.5',
        learningRate: 'fast',
        seed: '',
        maxTrainSamples: '-3',
      }),
    );
    expect(config).toBeNull();
    expect(errors).toEqual({
      datasetId: 'pick a dataset',
      model: 'pick a model',
      epochs: 'must be ≥ 1',
      batchSize: 'must be a whole number',
      learningRate: 'must be a number',
      seed: 'required',
      maxTrainSamples: 'must be > 0',
    });
  });

  it('checks upper bounds from the schema', () => {
    const { errors } = validateRunForm(filled({ learningRate: '11', batchSize: '5000' }));
    expect(errors).toEqual({ learningRate: 'must be ≤ 10', batchSize: 'must be ≤ 4096' });
  });

  it('reports schema rules about the run kind (distill needs a teacher) on the kind field', () => {
    const { config, errors } = validateRunForm(filled({ kind: 'distill' }));
    expect(config).toBeNull();
    expect(errors.kind).toMatch(/teacher/);
  });
});
