// The New run form and the config it writes (src-renderer/lib/form/): validation messages, the
// terms built from methods and pairs, and a config read back into the form.
import { describe, expect, it } from 'vitest';
import { recipeToForm } from '../../../../src-renderer/lib/form/recipe-form';
import { CIFAR100_PAPER_RECIPE } from '../../../../shared/recipes';
import { presetTerms } from '../../../../shared/presets';
import { RunConfigSchema } from '../../../../shared/schemas/run-config';
import { configToForm, termsToForm } from '../../../../src-renderer/lib/form/form-config';
import {
  defaultMethodForm,
  defaultRunForm,
  pairForm,
  parseSeeds,
  validateRunForm,
  type MethodForm,
  type RunFormState,
} from '../../../../src-renderer/lib/form/run-form';
import type { MethodName } from '../../../../shared/methods';

const filled = (over: Partial<RunFormState> = {}): RunFormState => ({
  ...defaultRunForm(),
  datasetId: 'mnist-demo',
  model: 'cnn',
  ...over,
});

const distill = (over: Partial<RunFormState> = {}): RunFormState => filled({ kind: 'distill', teacherRunId: 't1', ...over });

/** The methods part of a form: the named methods switched on with these weight and option texts. */
const methods = (on: Partial<Record<MethodName, { weight?: string; options?: Record<string, string>; automatic?: Record<string, boolean> }>>) => {
  const out = defaultRunForm().methods;
  for (const [m, v] of Object.entries(on) as [MethodName, { weight?: string; options?: Record<string, string>; automatic?: Record<string, boolean> }][]) {
    const d: MethodForm = defaultMethodForm(m);
    out[m] = { enabled: true, weight: v.weight ?? d.weight, options: { ...d.options, ...v.options }, automatic: { ...d.automatic, ...v.automatic } };
  }
  return out;
};
const pair = (teacherTap: string, studentTap: string, ...ms: MethodName[]) => pairForm(teacherTap, studentTap, (m) => ms.includes(m));

describe('validateRunForm', () => {
  it('turns a valid form into a full config the shared schema accepts', () => {
    const { config, errors, seeds } = validateRunForm(
      filled({ name: '  baseline ', epochs: '2', batchSize: '32', learningRate: '1e-3', optimizer: 'adam', maxTrainSamples: '300', tags: 'a, b' }),
    );
    expect(errors).toEqual({});
    expect(seeds).toEqual([42]);
    expect(config).toMatchObject({
      name: 'baseline',
      kind: 'student',
      datasetId: 'mnist-demo',
      model: 'cnn',
      epochs: 2,
      batchSize: 32,
      optimizer: { name: 'adam', learningRate: 0.001, momentum: 0.9, nesterov: false, weightDecay: 0.0005 },
      schedule: 'step',
      augment: { randomCrop: true, horizontalFlip: 'auto' },
      seed: 42,
      maxTrainSamples: 300,
      terms: [],
      tags: ['a', 'b'],
    });
    expect(RunConfigSchema.safeParse(config).success).toBe(true);
  });

  it('leaves optional fields out when empty', () => {
    const { config } = validateRunForm(filled());
    expect(config).not.toBeNull();
    expect(config).not.toHaveProperty('name');
    expect(config).not.toHaveProperty('maxTrainSamples');
    expect(config).not.toHaveProperty('teacherRunId');
  });

  it('gives one readable message per field', () => {
    const { config, errors } = validateRunForm(
      filled({ datasetId: '', model: '', epochs: '0', batchSize: '2.5', learningRate: 'fast', seeds: '', maxTrainSamples: '-3', momentum: '1.5' }),
    );
    expect(config).toBeNull();
    expect(errors).toEqual({
      datasetId: 'pick a dataset',
      model: 'pick a model',
      epochs: 'must be ≥ 1',
      batchSize: 'must be a whole number',
      learningRate: 'must be a number',
      seeds: 'required',
      maxTrainSamples: 'must be > 0',
      momentum: 'must be ≤ 0.999',
    });
  });

  it('checks upper bounds from the schema', () => {
    const { errors } = validateRunForm(filled({ learningRate: '11', batchSize: '5000' }));
    expect(errors).toEqual({ learningRate: 'must be ≤ 10', batchSize: 'must be ≤ 4096' });
  });

  it('maps KD α to weights: kd = α, ce = 1 − α', () => {
    const { config, errors } = validateRunForm(distill({ methods: methods({ kd: { weight: '0.9', options: { temperature: '4' } } }) }));
    expect(errors).toEqual({});
    expect(config!.terms).toEqual([
      { method: 'ce', weight: 0.1 },
      { method: 'kd', weight: 0.9, options: { temperature: 4 } },
    ]);
  });

  it('builds AT / NST / FitNet terms from the ticked layer pairs with kernel options', () => {
    const form = distill({
      methods: methods({
        at: { weight: '1000', options: { p: '2' } },
        nst: { weight: '50', options: { kernel: 'gaussian', degree: '2', c: '0', sigma2: '0.5' }, automatic: { sigma2: false } },
        hint: { weight: '100' },
      }),
      pairs: [pair('stage1', 'stage1', 'at', 'hint'), pair('stage2', 'stage2', 'at', 'nst')],
    });
    const { config, errors } = validateRunForm(form);
    expect(errors).toEqual({});
    expect(config!.terms).toEqual([
      { method: 'ce', weight: 1 },
      { method: 'at', weight: 1000, teacherTap: 'stage1', studentTap: 'stage1', options: { p: 2 } },
      { method: 'at', weight: 1000, teacherTap: 'stage2', studentTap: 'stage2', options: { p: 2 } },
      { method: 'nst', weight: 50, teacherTap: 'stage2', studentTap: 'stage2', options: { kernel: 'gaussian', sigma2: 0.5 } },
      { method: 'hint', weight: 100, teacherTap: 'stage1', studentTap: 'stage1' },
    ]);
  });

  it('reports distill-specific problems on their fields', () => {
    const none = validateRunForm(filled({ kind: 'distill' }));
    expect(none.errors.teacher).toMatch(/teacher/);
    expect(none.errors.methods).toMatch(/at least one method/);
    const bad = validateRunForm(
      distill({
        methods: methods({ kd: { weight: '1.5', options: { temperature: '-1' } }, nst: { weight: '50', options: { kernel: 'poly', degree: '1.5', c: '0' } } }),
        pairs: [],
      }),
    );
    expect(bad.errors['kd-alpha']).toMatch(/between 0 and 1/);
    expect(bad.errors['kd-temperature']).toBe('must be > 0');
    expect(bad.errors['nst-degree']).toMatch(/whole number/);
    expect(bad.errors.pairs).toMatch(/NST/);
  });

  it('shows the tap and pair checks runs:start makes, next to the pairs', () => {
    const maps = (m: Record<string, [number, number, number]>) => [
      { name: 'logits', shape: [10] },
      ...Object.entries(m).map(([name, shape]) => ({ name, shape })),
    ];
    const models = {
      teacher: { model: 'vgg8', taps: maps({ stage1: [28, 28, 64], stage3: [7, 7, 256] }) },
      student: { model: 'cnn', taps: maps({ stage1: [28, 28, 16], stage2: [14, 14, 32] }) },
    };
    const hint = distill({ methods: methods({ hint: { weight: '100' } }), pairs: [pair('stage3', 'stage1', 'hint')] });
    const bad = validateRunForm(hint, models);
    expect(bad.config).toBeNull();
    expect(bad.errors.pairs).toBe('hint cannot map stage1 (28×28) onto stage3 (7×7): a FitNet adapter bridges equal sizes or a factor of 2; pick closer taps');
    const at = distill({ methods: methods({ at: { weight: '1000', options: { p: '2' } } }), pairs: [pair('stage1', 'stage4', 'at')] });
    expect(validateRunForm(at, models).errors.pairs).toBe("'stage4' is not a tap of cnn (taps: logits, stage1, stage2)");
    expect(validateRunForm(at, { ...models, student: { model: 'cnn', taps: null } }).errors).toEqual({});
  });

  it('points a pair without taps at the pairs editor', () => {
    const { errors } = validateRunForm(distill({ methods: methods({ at: { weight: '1000', options: { p: '2' } } }), pairs: [pair('', 'stage2', 'at')] }));
    expect(errors.pairs).toMatch(/teacherTap/);
  });

  it('writes the CPU threads of the native backend only when given, and checks them', () => {
    expect(validateRunForm(filled()).config).not.toHaveProperty('threads');
    expect(validateRunForm(filled({ threads: '4' })).config!.threads).toBe(4);
    expect(validateRunForm(filled({ threads: '0' })).errors.threads).toBe('must be ≥ 1');
    expect(validateRunForm(filled({ threads: '1.5' })).errors.threads).toBe('must be a whole number');
    expect(configToForm({ threads: 2 }).form.threads).toBe('2');
  });

  it('balances a new distill run at its start unless unticked; a loaded config keeps its own weights', () => {
    const kd = { methods: methods({ kd: { weight: '0.9', options: { temperature: '4' } } }) };
    expect(defaultRunForm().balanceWeights).toBe(true);
    expect(validateRunForm(distill(kd)).config!.balanceWeights).toBe(true);
    expect(validateRunForm(distill({ ...kd, balanceWeights: false })).config).not.toHaveProperty('balanceWeights');
    expect(validateRunForm(filled({ balanceWeights: true })).config).not.toHaveProperty('balanceWeights'); // a student run has nothing to balance
    expect(configToForm({ balanceWeights: true }).form.balanceWeights).toBe(true);
    expect(configToForm({}).form.balanceWeights).toBe(false);
    expect(recipeToForm(CIFAR100_PAPER_RECIPE).balanceWeights).toBe(false); // the recipe reproduces the papers' weights
  });

  it('parses several seeds', () => {
    expect(parseSeeds('1, 2 3,3')).toEqual({ seeds: [1, 2, 3] });
    expect(parseSeeds('1, x').error).toMatch(/"x"/);
    expect(validateRunForm(filled({ seeds: '7, 8' })).config!.seed).toBe(7);
  });
});

describe('config → form', () => {
  it('round-trips every preset through the form', () => {
    const taps = ['stage1', 'stage2', 'stage3', 'logits'];
    for (const name of ['kd', 'at', 'nst-poly', 'nst-linear', 'nst-gaussian', 'kd+nst', 'fitnet'] as const) {
      const terms = presetTerms(name, taps, taps);
      const form = termsToForm(terms, distill());
      const { config, errors } = validateRunForm(form);
      expect(errors, name).toEqual({});
      expect(config!.terms, name).toEqual(terms);
    }
  });

  it('round-trips a full config', () => {
    const { config } = validateRunForm(
      distill({
        methods: methods({ kd: { weight: '0.5', options: { temperature: '3' } } }),
        name: 'x',
        schedule: 'cosine',
        nesterov: true,
        flip: 'off',
        randomCrop: false,
        maxValSamples: '100',
        notes: 'n',
        tags: 'a',
      }),
    );
    const back = configToForm(config!);
    expect(back.notes).toEqual([]);
    expect(validateRunForm(back.form).config).toEqual(config);
  });

  it('says what the form cannot keep', () => {
    const { notes, form } = configToForm({
      kind: 'distill',
      datasetId: 'd',
      model: 'cnn',
      teacherRunId: 't',
      terms: [
        { method: 'ce', weight: 1 },
        { method: 'kd', weight: 0.9, options: { temperature: 4 } },
        { method: 'at', weight: 1000, teacherTap: 'a', studentTap: 'a' },
        { method: 'at', weight: 500, teacherTap: 'b', studentTap: 'b' },
      ],
    });
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/1 − α/);
    expect(notes[1]).toMatch(/AT terms have different weights/);
    expect(form.pairs.map((p) => p.teacherTap)).toEqual(['a', 'b']);
  });

  it('drops the group tag of a cloned seed-group run', () => {
    expect(configToForm({ tags: ['group:abc', 'kd'] }).form.tags).toBe('kd');
  });
});
