// New-run form ↔ run config. formToCandidate builds the config the form describes (also while
// fields are wrong, so the YAML view always mirrors the form); configToForm goes back, for the
// YAML view, imported config files, presets and cloned runs, and says what the form cannot keep.
import { AugmentSchema, OptimizerSchema, RunConfigSchema, type RunConfigInput, type Term } from '../../../shared/schemas/run-config';
import type { z } from 'zod';
import { unknownKeysMessage } from '../../../shared/schemas/strict-object';
import { describeIssue } from './issue-text';
import { executorToCandidate, executorToForm } from './executor-form';
import { DISTILL_METHOD_NAMES, METHODS, needsTaps, type MethodName, type OptionField } from '../../../shared/methods';
import {
  defaultMethodForms,
  defaultRunForm,
  pairForm,
  parseSeeds,
  type MethodForm,
  type PairForm,
  type RunFormErrors,
  type RunFormField,
  type RunFormState,
  type TermFields,
} from './run-form-state';

/** '' → undefined, "0.5" → 0.5, anything else stays text (the schema then says "must be a number"). */
export function parseNumber(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

const round = (x: number) => Number(x.toPrecision(12));

/** The symbol a weight label starts with ('α (KD weight)' → 'α'). */
const symbolOf = (label: string) => label.split(' ')[0];

/** Whether a field is in effect for the method's current choices (NST's degree only with poly). */
export function fieldActive(field: OptionField, mf: MethodForm): boolean {
  return !field.when || mf.options[field.when.option] === field.when.equals;
}

/**
 * The options a method's part of the form writes: choices always; numbers while in effect, except
 * that a conditional option equal to the engine default is left out (as the presets write them),
 * and an option in automatic mode is left out (the engine then chooses).
 */
function termOptions(name: MethodName, mf: MethodForm, errors: RunFormErrors): Record<string, number | string> {
  const def = METHODS[name];
  const defaults = def.defaults as Record<string, number | string | undefined>;
  const out: Record<string, number | string> = {};
  for (const f of def.fields) {
    if (!fieldActive(f, mf)) continue;
    const text = mf.options[f.option] ?? '';
    if (f.kind === 'choice') {
      out[f.option] = text;
      continue;
    }
    if (f.automatic && mf.automatic[f.option] !== false) continue;
    const value = parseNumber(text);
    if (value === undefined) {
      errors[`${name}-${f.option}`] = f.automatic ? 'required (or choose automatic)' : 'required';
      continue;
    }
    // checked here as well as in the whole config: a method without pairs yet has no term to check
    const checked = (def.options as Record<string, z.ZodType>)[f.option]!.safeParse(value);
    if (!checked.success) errors[`${name}-${f.option}`] = describeIssue(checked.error.issues[0]!);
    if (f.when && value === defaults[f.option]) continue;
    out[f.option] = value as number; // the schema reports non-numbers
  }
  return out;
}

function distillTerms(form: RunFormState, errors: RunFormErrors): { terms: Term[]; fields: TermFields[] } {
  const terms: Term[] = [];
  const fields: TermFields[] = [];
  const num = (text: string) => parseNumber(text) as number; // the schema reports non-numbers
  const add = (t: Term, f: TermFields) => {
    terms.push(t);
    fields.push(f);
  };
  const on = DISTILL_METHOD_NAMES.filter((m) => form.methods[m]?.enabled);
  const complement = on.find((m) => METHODS[m].weight?.complementsCe);
  if (complement) {
    const w = METHODS[complement].weight!;
    const alpha = num(form.methods[complement]!.weight);
    const field: RunFormField = `${complement}-${w.key}`;
    if (typeof alpha !== 'number' || alpha < 0 || alpha > 1) errors[field] = `${symbolOf(w.label)} must be a number between 0 and 1`;
    add({ method: 'ce', weight: typeof alpha === 'number' ? round(1 - alpha) : alpha }, { weight: field, options: {}, pair: null });
  } else {
    add({ method: 'ce', weight: num(form.ceWeight) }, { weight: 'ceWeight', options: {}, pair: null });
  }
  const taps = (p: PairForm) => ({ teacherTap: p.teacherTap || undefined, studentTap: p.studentTap || undefined }) as Pick<Term, 'teacherTap' | 'studentTap'>;
  for (const m of on) {
    const def = METHODS[m];
    const mf = form.methods[m]!;
    const options = termOptions(m, mf, errors);
    const f: Omit<TermFields, 'pair'> = {
      weight: `${m}-${def.weight!.key}`,
      options: Object.fromEntries(def.fields.map((o) => [o.option, `${m}-${o.kind === 'choice' ? def.weight!.key : o.option}` as RunFormField])),
    };
    const make = (extra: object): Term => ({ method: m, weight: num(mf.weight), ...extra, ...(def.fields.length ? { options: { ...options } } : {}) }) as Term;
    if (!needsTaps(def)) {
      add(make({}), { ...f, pair: null });
      continue;
    }
    form.pairs.forEach((p, i) => {
      if (p.methods[m]) add(make(taps(p)), { ...f, pair: i });
    });
    if (!form.pairs.some((p) => p.methods[m])) errors.pairs ??= `tick ${def.label} on at least one layer pair`;
  }
  if (on.length === 0) {
    errors.methods = `choose at least one method (${DISTILL_METHOD_NAMES.map((m) => METHODS[m].label)
      .join(', ')
      .replace(/, ([^,]*)$/, ' or $1')}), or a preset`;
  }
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
  const threads = opt(form.threads);
  const seed = parseSeeds(form.seeds).seeds[0] ?? opt(form.seeds);
  const tags = form.tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
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
    ...(threads === undefined ? {} : { threads }),
    ...(distill && form.teacherSource === 'run' && form.teacherRunId ? { teacherRunId: form.teacherRunId } : {}),
    ...(distill && form.teacherSource === 'tfjs' && form.teacherModelPath.trim() ? { teacherModelPath: form.teacherModelPath.trim() } : {}),
    terms,
    ...(distill && form.balanceWeights ? { balanceWeights: true } : {}),
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
export function configToForm(
  config: Partial<RunConfigInput> & { seeds?: unknown },
  base: RunFormState = defaultRunForm(),
): { form: RunFormState; notes: string[] } {
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
  f.threads = c.threads === undefined ? '' : String(c.threads);
  f.balanceWeights = c.balanceWeights === true;
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
  const of = (m: MethodName) => terms.filter((t) => t.method === m);
  const ce = of('ce')[0];
  const complement = DISTILL_METHOD_NAMES.find((m) => METHODS[m].weight?.complementsCe && of(m).length > 0);
  if (complement) {
    const alpha = of(complement)[0]!.weight;
    const sym = symbolOf(METHODS[complement].weight!.label);
    const label = METHODS[complement].label;
    if (ce && Math.abs(ce.weight - (1 - alpha)) > 1e-9)
      notes.push(`CE weight ${ce.weight} is not 1 − ${sym}; with ${label} on the form uses CE = 1 − ${sym} = ${round(1 - alpha)}`);
    if (!ce) notes.push(`the config has no CE term; with ${label} on the form adds CE = 1 − ${sym}`);
  }
  f.ceWeight = ce && !complement ? String(ce.weight) : '1';
  const methods = defaultMethodForms();
  for (const m of DISTILL_METHOD_NAMES) {
    const ts = of(m);
    const def = METHODS[m];
    const mf = methods[m]!;
    if (new Set(ts.map((t) => t.weight)).size > 1) {
      notes.push(`${def.label} terms have different weights per pair (${ts.map((t) => t.weight).join(', ')}); the form keeps one weight: ${ts[0]!.weight}`);
    }
    const first = ts[0];
    mf.enabled = ts.length > 0;
    if (first) mf.weight = String(first.weight);
    const options = (first?.options ?? {}) as Record<string, number | string | undefined>;
    for (const field of def.fields) {
      const v = options[field.option];
      if (field.kind === 'choice' && !(typeof v === 'string' && field.choices && Object.hasOwn(field.choices, v))) continue;
      if (v !== undefined) mf.options[field.option] = String(v);
      if (field.automatic) mf.automatic[field.option] = v === undefined;
    }
  }
  f.methods = methods;
  const pairs: PairForm[] = [];
  for (const t of terms) {
    if (!needsTaps(METHODS[t.method])) continue;
    const teacherTap = t.teacherTap ?? '';
    const studentTap = t.studentTap ?? '';
    let p = pairs.find((q) => q.teacherTap === teacherTap && q.studentTap === studentTap);
    if (!p) pairs.push((p = pairForm(teacherTap, studentTap)));
    p.methods[t.method] = true;
  }
  f.pairs = pairs;
  return f;
}
