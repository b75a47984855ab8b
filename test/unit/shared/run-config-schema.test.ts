// The run-config schema refuses what it does not know: unknown keys at every level (with the key
// they were probably meant to be), unknown methods, and term options outside their method's
// schema (shared/methods/). What the app itself writes still parses.
import { describe, expect, it } from 'vitest';
import { METHODS, METHOD_NAMES, needsTaps } from '../../../shared/methods';
import { PRESET_NAMES, presetTerms } from '../../../shared/presets';
import { SweepSchema } from '../../../shared/schemas/history';
import { describeZodError, RunConfigSchema, type RunConfigInput } from '../../../shared/schemas/run-config';

const base = { datasetId: 'd', model: 'cnn' };
const distill = (terms: unknown[]) => ({ ...base, kind: 'distill', teacherRunId: 't', terms });

/** The one-line message of a config the schema refuses ('' when it is accepted). */
function problems(config: unknown): string {
  const r = RunConfigSchema.safeParse(config);
  return r.success ? '' : describeZodError(r.error);
}

describe('unknown keys', () => {
  it('refuses a misspelt top-level key and says which key was meant', () => {
    expect(problems({ ...base, epoch: 3 })).toBe("epoch: unknown key; did you mean 'epochs'?");
    expect(problems({ ...base, maxTrainSample: 100 })).toBe("maxTrainSample: unknown key; did you mean 'maxTrainSamples'?");
  });

  it('lists the known keys when nothing is close', () => {
    expect(problems({ ...base, dropout: 0.5 })).toMatch(/^dropout: unknown key; known keys: name, kind, datasetId, model, epochs, /);
  });

  it('refuses unknown keys in optimizer, augment, terms and term options', () => {
    expect(problems({ ...base, optimizer: { learningrate: 0.1 } })).toBe("optimizer.learningrate: unknown key; did you mean 'learningRate'?");
    expect(problems({ ...base, augment: { randomCrops: false } })).toBe("augment.randomCrops: unknown key; did you mean 'randomCrop'?");
    expect(problems(distill([{ method: 'kd', weight: 1, wieght: 2 }]))).toBe("terms[0].wieght: unknown key; did you mean 'weight'?");
    expect(problems(distill([{ method: 'kd', weight: 1, options: { temprature: 4 } }]))).toBe(
      "terms[0].options.temprature: unknown key; did you mean 'temperature'?",
    );
  });

  it('names every unknown key of one object', () => {
    expect(problems({ ...base, epoch: 3, seeds: [1] })).toBe("(config): unknown keys 'epoch' (did you mean 'epochs'?), 'seeds' (did you mean 'seed'?)");
  });
});

describe('terms', () => {
  const pair = { teacherTap: 'stage2', studentTap: 'stage2' };

  it('refuses an unknown method with a suggestion', () => {
    expect(problems(distill([{ method: 'kdd', weight: 1 }]))).toBe("terms[0].method: unknown method 'kdd'; did you mean 'kd'?");
    expect(problems(distill([{ weight: 1 }]))).toBe('terms[0].method: required, one of ce, kd, at, nst, hint, sp');
  });

  it('checks each option against its method: kernels, ranges, types', () => {
    expect(problems(distill([{ method: 'nst', weight: 50, ...pair, options: { kernel: 'polynomial' } }]))).toBe(
      'terms[0].options.kernel: unknown kernel "polynomial"; use one of linear, poly, gaussian',
    );
    expect(problems(distill([{ method: 'kd', weight: 1, options: { temperature: -1 } }]))).toMatch(/^terms\[0\]\.options\.temperature: .*>0/);
    expect(problems(distill([{ method: 'at', weight: 1, ...pair, options: { p: 0.5 } }]))).toMatch(/^terms\[0\]\.options\.p: .*>=1/);
    expect(problems(distill([{ method: 'nst', weight: 1, ...pair, options: { degree: 1.5 } }]))).toMatch(/^terms\[0\]\.options\.degree: /);
    expect(problems(distill([{ method: 'nst', weight: 1, ...pair, options: { sigma2: 0 } }]))).toMatch(/^terms\[0\]\.options\.sigma2: /);
    expect(problems(distill([{ method: 'kd', weight: 1, options: { temperature: '4' } }]))).toMatch(/^terms\[0\]\.options\.temperature: /);
    expect(problems(distill([{ method: 'hint', weight: 1, ...pair, options: { adapter: '1x1' } }]))).toBe(
      'terms[0].options.adapter: unknown key; none are allowed here',
    );
  });

  it('wants taps on feature-map methods and none on logit methods', () => {
    expect(problems(distill([{ method: 'at', weight: 1, teacherTap: 'stage2' }]))).toMatch(/^terms\[0\]: at pairs feature maps: set teacherTap and studentTap/);
    expect(problems(distill([{ method: 'kd', weight: 1, ...pair }]))).toBe('terms[0]: kd works on the logits: remove teacherTap and studentTap');
  });

  it('accepts every option within range, and stores terms as written (defaults are not filled in)', () => {
    const terms = [
      { method: 'ce', weight: 0.1 },
      { method: 'kd', weight: 0.9, options: { temperature: 2 } },
      { method: 'at', weight: 1000, ...pair, options: { p: 1 } },
      { method: 'nst', weight: 50, ...pair, options: { kernel: 'poly', degree: 3, c: -1 } },
      { method: 'nst', weight: 50, ...pair, options: { kernel: 'gaussian', sigma2: 0.5 } },
      { method: 'hint', weight: 100, ...pair },
    ];
    const parsed = RunConfigSchema.parse(distill(terms));
    expect(parsed.terms).toEqual(terms);
  });

  it('every method module declares its label, paper, taps and defaults inside its own option schema', () => {
    expect(METHOD_NAMES).toEqual(['ce', 'kd', 'at', 'nst', 'hint', 'sp']);
    expect(METHODS.kd.defaults).toEqual({ temperature: 4 });
    expect(METHODS.at.defaults).toEqual({ p: 2 });
    expect(METHODS.nst.defaults).toEqual({ kernel: 'poly', degree: 2, c: 0 });
    for (const name of METHOD_NAMES) {
      const m = METHODS[name];
      expect(m.method).toBe(name);
      expect(m.label).not.toBe('');
      expect(needsTaps(m)).toBe(['at', 'nst', 'hint', 'sp'].includes(name));
      expect(m.consumes).toBe({ ce: 'labels', kd: 'logits', at: 'maps', nst: 'maps', hint: 'adapted-maps', sp: 'maps' }[name]);
      for (const key of Object.keys(m.defaults)) expect(Object.keys(m.options)).toContain(key);
    }
  });
});

describe('sweep grids', () => {
  it('refuse a misspelt axis instead of dropping it from the grid', () => {
    const r = SweepSchema.safeParse({ base, weightScale: [2] });
    expect(r.success ? '' : describeZodError(r.error)).toBe("weightScale: unknown key; did you mean 'weightScales'?");
    expect(SweepSchema.safeParse({ base, weightScales: [2], kernels: ['poly'], seeds: [1, 2] }).success).toBe(true);
  });
});

describe('balanceWeights', () => {
  it('is for distill runs with a CE term to balance against', () => {
    expect(problems({ ...distill(presetTerms('kd', [], [])), balanceWeights: true })).toBe('');
    const why = 'balanceWeights: balanceWeights weighs each distillation term against CE: it needs a distill run with a ce term';
    expect(problems({ ...base, balanceWeights: true })).toBe(why);
    expect(problems({ ...distill([{ method: 'kd', weight: 1 }]), balanceWeights: true })).toBe(why);
  });
});

describe('configs the app writes still parse', () => {
  it('every preset, with taps the models share', () => {
    const taps = ['stage1', 'stage2', 'stage3', 'logits'];
    for (const name of PRESET_NAMES) expect(problems(distill(presetTerms(name, taps, taps)))).toBe('');
  });

  it('a stored config, parsed again, is unchanged (teacherRunId resolved, teacherModelPath absolute)', () => {
    const stored = RunConfigSchema.parse({
      ...base,
      kind: 'distill',
      teacherRunId: 'a-run-id',
      teacherModelPath: '/abs/model.json',
      terms: presetTerms('kd', [], []),
      tags: ['x'],
      notes: 'n',
    });
    expect(RunConfigSchema.parse(JSON.parse(JSON.stringify(stored)) as RunConfigInput)).toEqual(stored);
  });
});
