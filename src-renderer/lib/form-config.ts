// New-run form ↔ run config. formToCandidate builds the config the form describes (also while
// fields are wrong, so the YAML view always mirrors the form); configToForm goes back, for the
// YAML view, imported config files, presets and cloned runs, and says what the form cannot keep.
import { AugmentSchema, OptimizerSchema, RunConfigSchema, type RunConfigInput, type Term } from '../../shared/schemas/run-config';
import { unknownKeysMessage } from '../../shared/schemas/strict-object';
import { executorToCandidate, executorToForm } from './executor-form';
import { METHOD_DEFAULTS } from './methods';
import { defaultRunForm, parseSeeds, type PairForm, type RunFormErrors, type RunFormState, type TermFields } from './run-form-state';

/** '' → undefined, "0.5" → 0.5, anything else stays text (the schema then says "must be a number"). */
export function parseNumber(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

const round = (x: number) => Number(x.toPrecision(12));

function distillTerms(form: RunFormState, errors: RunFormErrors): { terms: Term[]; fields: TermFields[] } {
  const terms: Term[] = [];
  const fields: TermFields[] = [];
  const num = (text: string) => parseNumber(text) as number; // the schema reports non-numbers
  const add = (t: Term, f: TermFields) => {
    terms.push(t);
    fields.push(f);
  };
  if (form.kd.enabled) {
    const alpha = num(form.kd.alpha);
    const T = num(form.kd.temperature);
    if (typeof alpha !== 'number' || alpha < 0 || alpha > 1) errors['kd-alpha'] = 'α must be a number between 0 and 1';
    if (typeof T === 'number' && T <= 0) errors['kd-temperature'] = 'must be > 0';
    const ce = typeof alpha === 'number' ? round(1 - alpha) : alpha;
    add({ method: 'ce', weight: ce }, { weight: 'kd-alpha', options: {}, pair: null });
    add({ method: 'kd', weight: alpha, options: { temperature: T } }, { weight: 'kd-alpha', options: { temperature: 'kd-temperature' }, pair: null });
  } else {
    add({ method: 'ce', weight: num(form.ceWeight) }, { weight: 'ceWeight', options: {}, pair: null });
  }
  const pairTerms = (method: 'at' | 'nst' | 'hint', make: (p: PairForm) => Term, f: Omit<TermFields, 'pair'>) => {
    form.pairs.forEach((p, i) => {
      if (p[method]) add(make(p), { ...f, pair: i });
    });
  };
  const taps = (p: PairForm) => ({ teacherTap: p.teacherTap || undefined, studentTap: p.studentTap || undefined }) as Pick<Term, 'teacherTap' | 'studentTap'>;
  if (form.at.enabled) {
    const p = num(form.at.p);
    if (typeof p === 'number' && p < 1) errors['at-p'] = 'must be ≥ 1'; // below 1 the engine refuses it (shared/methods/at.ts)
    pairTerms('at', (pair) => ({ method: 'at', weight: num(form.at.beta), ...taps(pair), options: { p } }), { weight: 'at-beta', options: { p: 'at-p' } });
  }
  if (form.nst.enabled) {
    const n = form.nst;
    const options: Record<string, number | string> = { kernel: n.kernel };
    if (n.kernel === 'poly') {
      // written only when they differ from the engine's defaults (d = 2, c = 0), like the presets
      const degree = num(n.degree);
      const c = num(n.c);
      if (degree !== METHOD_DEFAULTS.nst.degree) options.degree = degree;
      if (c !== METHOD_DEFAULTS.nst.c) options.c = c;
      if (typeof degree === 'number' && (!Number.isInteger(degree) || degree < 1)) errors['nst-degree'] = 'must be a whole number ≥ 1';
      if (degree === undefined) errors['nst-degree'] = 'required';
    }
    if (n.kernel === 'gaussian' && n.sigmaMode === 'fixed') {
      options.sigma2 = num(n.sigma2);
      if (typeof options.sigma2 === 'number' && options.sigma2 <= 0) errors['nst-sigma2'] = 'must be > 0';
      if (options.sigma2 === undefined) errors['nst-sigma2'] = 'required (or choose automatic)';
    }
    pairTerms('nst', (pair) => ({ method: 'nst', weight: num(n.lambda), ...taps(pair), options: { ...options } }), {
      weight: 'nst-lambda',
      options: { degree: 'nst-degree', c: 'nst-c', sigma2: 'nst-sigma2', kernel: 'nst-lambda' },
    });
  }
  if (form.hint.enabled) {
    pairTerms('hint', (pair) => ({ method: 'hint', weight: num(form.hint.beta), ...taps(pair) }), { weight: 'hint-beta', options: {} });
  }
  const used = { at: form.at.enabled, nst: form.nst.enabled, hint: form.hint.enabled };
  for (const m of ['at', 'nst', 'hint'] as const) {
    if (used[m] && !form.pairs.some((p) => p[m])) errors.pairs ??= `tick ${m === 'hint' ? 'FitNet' : m.toUpperCase()} on at least one layer pair`;
  }
  if (!form.kd.enabled && !used.at && !used.nst && !used.hint) errors.methods = 'choose at least one method (KD, AT, NST or FitNet), or a preset';
  return { terms, fields };
}

/** The config the form describes, where each term shows its errors, and the form-only errors. */
export function formToCandidate(form: RunFormState): { candidate: RunConfigInput; termFields: TermFields[]; errors: RunFormErrors } {
  const errors: RunFormErrors = {};
  const distill = form.kind === 'distill';
  const { terms, fields } = distill ? distillTerms(form, errors) : { terms: [], fields: [] };
  const name = form.name.trim();
  const opt = (text: string) => parseNumber(text);
  const maxTrain = opt(form.maxTrainSamples);
  const maxVal = opt(form.maxValSamples);
  const seed = parseSeeds(form.seeds).seeds[0] ?? opt(form.seeds);
  const tags = form.tags.split(',').map((t) => t.trim()).filter(Boolean);
  const candidate = {
    ...(name ? { name } : {}),
    kind: form.kind,
    datasetId: form.datasetId,
    model: form.model,
    epochs: opt(form.epochs),
    batchSize: opt(form.batchSize),
    optimizer: {
      name: form.optimizer,
      learningRate: opt(form.learningRate),
      momentum: opt(form.momentum) ?? 0,
      nesterov: form.optimizer === 'sgd' && form.nesterov,
      weightDecay: opt(form.weightDecay) ?? 0,
    },
    schedule: form.schedule,
    augment: { randomCrop: form.randomCrop, horizontalFlip: form.flip === 'auto' ? 'auto' : form.flip === 'on' },
    seed,
    ...(maxTrain === undefined ? {} : { maxTrainSamples: maxTrain }),
    ...(maxVal === undefined ? {} : { maxValSamples: maxVal }),
    ...(distill && form.teacherSource === 'run' && form.teacherRunId ? { teacherRunId: form.teacherRunId } : {}),
    ...(distill && form.teacherSource === 'tfjs' && form.teacherModelPath.trim() ? { teacherModelPath: form.teacherModelPath.trim() } : {}),
    terms,
    tags,
    ...(form.notes.trim() ? { notes: form.notes } : {}),
    ...executorToCandidate(form),
  } as RunConfigInput;
  for (const field of ['epochs', 'batchSize', 'learningRate'] as const) {
    if (form[field].trim() === '') errors[field] = 'required';
  }
  return { candidate, termFields: fields, errors };
}

const str = (v: unknown, fallback: number | string): string => (v === undefined || v === null ? String(fallback) : String(v));

/**
 * The form for a config (YAML view, imported file, clone, preset). `notes` lists what the form
 * cannot represent exactly (one weight per method; CE tied to 1 − α while KD is on).
 */
export function configToForm(config: Partial<RunConfigInput> & { seeds?: unknown }, base: RunFormState = defaultRunForm()): { form: RunFormState; notes: string[] } {
  const notes: string[] = unknownKeyNotes(config);
  const f: RunFormState = structuredClone(base);
  const c = config;
  if (typeof c.name === 'string') f.name = c.name;
  else f.name = '';
  if (c.kind === 'teacher' || c.kind === 'student' || c.kind === 'distill') f.kind = c.kind;
  if (typeof c.datasetId === 'string') f.datasetId = c.datasetId;
  if (typeof c.model === 'string') f.model = c.model;
  f.teacherSource = c.teacherModelPath ? 'tfjs' : 'run';
  f.teacherRunId = c.teacherRunId ?? '';
  f.teacherModelPath = c.teacherModelPath ?? '';
  if (c.epochs !== undefined) f.epochs = String(c.epochs);
  if (c.batchSize !== undefined) f.batchSize = String(c.batchSize);
  const o = c.optimizer ?? {};
  f.optimizer = o.name === 'adam' ? 'adam' : 'sgd';
  f.learningRate = str(o.learningRate, 0.05);
  f.momentum = str(o.momentum, 0.9);
  f.nesterov = o.nesterov === true;
  f.weightDecay = str(o.weightDecay, 0.0005);
  if (c.schedule === 'step' || c.schedule === 'cosine' || c.schedule === 'constant') f.schedule = c.schedule;
  f.randomCrop = c.augment?.randomCrop ?? true;
  const flip = c.augment?.horizontalFlip;
  f.flip = flip === true ? 'on' : flip === false ? 'off' : 'auto';
  const seeds = Array.isArray(c.seeds) && c.seeds.length ? c.seeds : [c.seed ?? 42];
  f.seeds = seeds.map(String).join(', ');
  f.maxTrainSamples = c.maxTrainSamples === undefined ? '' : String(c.maxTrainSamples);
  f.maxValSamples = c.maxValSamples === undefined ? '' : String(c.maxValSamples);
  f.tags = (c.tags ?? []).filter((t) => !t.startsWith('group:')).join(', ');
  f.notes = c.notes ?? '';
  executorToForm(c, f);
  termsToForm(c.terms ?? [], f, notes);
  return { form: f, notes };
}

/**
 * Keys of a pasted or imported config that no run config has (a typo such as 'epoch'): the form
 * cannot keep them and runs:start would refuse them, so say so, with the key probably meant.
 * `seeds` is the YAML view's own (config-yaml.ts).
 */
function unknownKeyNotes(config: object): string[] {
  const notes: string[] = [];
  const check = (value: unknown, known: readonly string[], prefix: string) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const unknown = Object.keys(value).filter((k) => !known.includes(k) && !(prefix === '' && k === 'seeds'));
    for (const k of unknown) notes.push(`${prefix}${k}: ${unknownKeysMessage([k], known)} (the form leaves it out)`);
  };
  const c = config as Record<string, unknown>;
  check(c, Object.keys(RunConfigSchema.shape), '');
  check(c.optimizer, Object.keys(OptimizerSchema.shape), 'optimizer.');
  check(c.augment, Object.keys(AugmentSchema.shape), 'augment.');
  return notes;
}

/** Methods, weights and layer pairs of the form from a list of terms (presets use this too). */
export function termsToForm(terms: readonly Term[], f: RunFormState, notes: string[] = []): RunFormState {
  const d = METHOD_DEFAULTS;
  const of = <M extends Term['method']>(m: M) => terms.filter((t): t is Extract<Term, { method: M }> => t.method === m);
  const sameWeights = (ts: readonly Term[], label: string) => {
    if (new Set(ts.map((t) => t.weight)).size > 1) notes.push(`${label} terms have different weights per pair (${ts.map((t) => t.weight).join(', ')}); the form keeps one weight: ${ts[0]!.weight}`);
  };
  const ce = of('ce')[0];
  const kd = of('kd')[0];
  f.kd = { enabled: !!kd, temperature: str(kd?.options?.temperature, d.kd.temperature), alpha: str(kd?.weight, d.kd.alpha) };
  if (kd && ce && Math.abs(ce.weight - (1 - kd.weight)) > 1e-9) notes.push(`CE weight ${ce.weight} is not 1 − α; with KD on the form uses CE = 1 − α = ${round(1 - kd.weight)}`);
  if (kd && !ce) notes.push('the config has no CE term; with KD on the form adds CE = 1 − α');
  f.ceWeight = ce && !kd ? String(ce.weight) : '1';
  const at = of('at');
  const nst = of('nst');
  const hint = of('hint');
  sameWeights(at, 'AT');
  sameWeights(nst, 'NST');
  sameWeights(hint, 'FitNet');
  f.at = { enabled: at.length > 0, p: str(at[0]?.options?.p, d.at.p), beta: str(at[0]?.weight, d.at.beta) };
  const n0: NonNullable<Extract<Term, { method: 'nst' }>['options']> = nst[0]?.options ?? {};
  const kernel = n0.kernel === 'linear' || n0.kernel === 'gaussian' ? n0.kernel : 'poly';
  f.nst = {
    enabled: nst.length > 0,
    kernel,
    degree: str(n0.degree, d.nst.degree),
    c: str(n0.c, d.nst.c),
    sigmaMode: n0.sigma2 !== undefined ? 'fixed' : 'auto',
    sigma2: str(n0.sigma2, d.nst.sigma2),
    lambda: str(nst[0]?.weight, d.nst.lambda),
  };
  f.hint = { enabled: hint.length > 0, beta: str(hint[0]?.weight, d.hint.beta) };
  const pairs: PairForm[] = [];
  for (const t of [...at, ...nst, ...hint]) {
    const teacherTap = t.teacherTap ?? '';
    const studentTap = t.studentTap ?? '';
    let p = pairs.find((q) => q.teacherTap === teacherTap && q.studentTap === studentTap);
    if (!p) pairs.push((p = { teacherTap, studentTap, at: false, nst: false, hint: false }));
    p[t.method as 'at' | 'nst' | 'hint'] = true;
  }
  f.pairs = pairs;
  return f;
}

