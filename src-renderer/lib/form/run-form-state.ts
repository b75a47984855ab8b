// The New-run form as plain data: every field as typed (strings for numbers, so half-typed input
// survives a round trip through the YAML view). Validation: run-form.ts; conversions: form-config.ts.
// The methods part is made from the method modules (shared/methods/): one entry per method with a
// weight, holding its weight and option fields, and one tick per method on maps on each layer pair.
import { DISTILL_METHOD_NAMES, METHODS, PAIR_METHOD_NAMES, type MethodName } from '../../../shared/methods';
import type { RunKind } from '../../../shared/schemas/run-config';

/** One teacher tap ↔ student tap pair, and which methods on maps use it. */
export interface PairForm {
  teacherTap: string;
  studentTap: string;
  methods: Partial<Record<MethodName, boolean>>;
}

/** One method's part of the form: on/off, its weight and its options as typed. */
export interface MethodForm {
  enabled: boolean;
  weight: string;
  /** Option name → text ('' = left out); choices hold the chosen value. */
  options: Record<string, string>;
  /** Options with an automatic mode (NST's σ²): true while automatic. */
  automatic: Record<string, boolean>;
}

export interface RunFormState {
  name: string;
  kind: RunKind;
  datasetId: string;
  model: string;
  teacherSource: 'run' | 'tfjs';
  teacherRunId: string;
  teacherModelPath: string;
  /** CE weight when no method that complements CE (KD) is on; with KD it is 1 − α. */
  ceWeight: string;
  /** Every method with a weight field (kd, at, nst, hint): its part of the form. */
  methods: Partial<Record<MethodName, MethodForm>>;
  pairs: PairForm[];
  optimizer: 'sgd' | 'adam';
  learningRate: string;
  momentum: string;
  nesterov: boolean;
  weightDecay: string;
  schedule: 'step' | 'cosine' | 'constant';
  epochs: string;
  batchSize: string;
  randomCrop: boolean;
  flip: 'auto' | 'on' | 'off';
  /** "42" or "1, 2, 3": several seeds start one run per seed, tagged as a group. */
  seeds: string;
  maxTrainSamples: string;
  maxValSamples: string;
  /** CPU threads of the native backend for this run; '' = every core. */
  threads: string;
  /** Distill runs: rescale the weights on the first batches so each method weighs as much as CE.
   *  On for a new form (the papers' weights swamp CE on small students); a loaded config keeps its own. */
  balanceWeights: boolean;
  /** Comma-separated. */
  tags: string;
  notes: string;
  /** Where the run trains: worker processes here, or a Slurm job (docs/cluster.md). */
  executor: 'local' | 'slurm';
  slurmPartition: string;
  slurmTimeLimit: string;
  slurmCpus: string;
  slurmGres: string;
  slurmSharedDir: string;
}

/**
 * Field ids: also the DOM ids of the inputs (errors show as `error-<id>`). A method's fields are
 * `<method>-<weight key>` and `<method>-<option>` (kd-alpha, kd-temperature, nst-degree).
 */
export type RunFormField =
  | 'name'
  | 'kind'
  | 'datasetId'
  | 'model'
  | 'teacher'
  | 'ceWeight'
  | 'methods'
  | `${MethodName}-${string}`
  | 'pairs'
  | 'optimizer'
  | 'learningRate'
  | 'momentum'
  | 'weightDecay'
  | 'schedule'
  | 'epochs'
  | 'batchSize'
  | 'seeds'
  | 'maxTrainSamples'
  | 'maxValSamples'
  | 'threads'
  | 'tags'
  | 'notes'
  | 'executor'
  | 'slurmPartition'
  | 'slurmTimeLimit'
  | 'slurmCpus'
  | 'slurmGres'
  | 'slurmSharedDir';
export type RunFormErrors = Partial<Record<RunFormField | 'form', string>>;

/** A method's fields as the form starts them: off, the reference weight, the engine's option defaults. */
export function defaultMethodForm(name: MethodName): MethodForm {
  const def = METHODS[name];
  const defaults = def.defaults as Record<string, number | string | undefined>;
  const options: Record<string, string> = {};
  const automatic: Record<string, boolean> = {};
  for (const f of def.fields) {
    const d = defaults[f.option];
    options[f.option] = d !== undefined ? String(d) : f.automatic ? String(f.automatic.fixedDefault) : '';
    if (f.automatic) automatic[f.option] = true;
  }
  return { enabled: false, weight: String(def.weight?.default ?? 1), options, automatic };
}

/** The methods part of a fresh form: every method with a weight field, off. */
export function defaultMethodForms(): Partial<Record<MethodName, MethodForm>> {
  return Object.fromEntries(DISTILL_METHOD_NAMES.map((m) => [m, defaultMethodForm(m)]));
}

/** A pair with every method on maps set as `on` says. */
export function pairForm(teacherTap: string, studentTap: string, on: (m: MethodName) => boolean = () => false): PairForm {
  return { teacherTap, studentTap, methods: Object.fromEntries(PAIR_METHOD_NAMES.map((m) => [m, on(m)])) };
}

/** true: a method ticked on the pair maps through an adapter (FitNet), which bridges at most 2×. */
export function pairUsesAdapter(p: PairForm): boolean {
  return PAIR_METHOD_NAMES.some((m) => p.methods[m] && METHODS[m].consumes === 'adapted-maps');
}

export function defaultRunForm(): RunFormState {
  return {
    name: '',
    kind: 'student',
    datasetId: '',
    model: '',
    teacherSource: 'run',
    teacherRunId: '',
    teacherModelPath: '',
    ceWeight: '1',
    methods: defaultMethodForms(),
    pairs: [],
    optimizer: 'sgd',
    learningRate: '0.05',
    momentum: '0.9',
    nesterov: false,
    weightDecay: '0.0005',
    schedule: 'step',
    epochs: '5',
    batchSize: '64',
    randomCrop: true,
    flip: 'auto',
    seeds: '42',
    maxTrainSamples: '',
    maxValSamples: '',
    threads: '',
    balanceWeights: true,
    tags: '',
    notes: '',
    executor: 'local',
    slurmPartition: '',
    slurmTimeLimit: '',
    slurmCpus: '',
    slurmGres: '',
    slurmSharedDir: '',
  };
}

/** "1, 2 3" → [1, 2, 3] (duplicates dropped); a message when a part is not a valid seed. */
export function parseSeeds(text: string): { seeds: number[]; error?: string } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) return { seeds: [], error: 'required' };
  const seeds: number[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) return { seeds: [], error: `"${p}" is not a seed (a whole number ≥ 0)` };
    if (!seeds.includes(n)) seeds.push(n);
  }
  if (seeds.length > 20) return { seeds: [], error: 'at most 20 seeds at once' };
  return { seeds };
}

/** Where the parts of one term show their messages. */
export interface TermFields {
  weight: RunFormField;
  options: Record<string, RunFormField>;
  /** Index into form.pairs, for terms that pair feature maps. */
  pair: number | null;
}
