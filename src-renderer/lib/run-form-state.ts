// The New-run form as plain data: every field as typed (strings for numbers, so half-typed input
// survives a round trip through the YAML view). Validation: run-form.ts; conversions: form-config.ts.
import type { RunKind } from '../../shared/schemas/run-config';
import { METHOD_DEFAULTS, type NstKernel } from './methods';

export interface PairForm {
  teacherTap: string;
  studentTap: string;
  at: boolean;
  nst: boolean;
  hint: boolean;
}

export interface RunFormState {
  name: string;
  kind: RunKind;
  datasetId: string;
  model: string;
  teacherSource: 'run' | 'tfjs';
  teacherRunId: string;
  teacherModelPath: string;
  /** CE weight when KD is off (with KD it is 1 − α). */
  ceWeight: string;
  kd: { enabled: boolean; temperature: string; alpha: string };
  at: { enabled: boolean; p: string; beta: string };
  nst: { enabled: boolean; kernel: NstKernel; degree: string; c: string; sigmaMode: 'auto' | 'fixed'; sigma2: string; lambda: string };
  hint: { enabled: boolean; beta: string };
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

/** Field ids: also the DOM ids of the inputs (errors show as `error-<id>`). */
export type RunFormField =
  | 'name' | 'kind' | 'datasetId' | 'model' | 'teacher' | 'ceWeight' | 'methods'
  | 'kd-temperature' | 'kd-alpha' | 'at-p' | 'at-beta' | 'nst-degree' | 'nst-c' | 'nst-sigma2' | 'nst-lambda' | 'hint-beta'
  | 'pairs' | 'optimizer' | 'learningRate' | 'momentum' | 'weightDecay' | 'schedule' | 'epochs' | 'batchSize'
  | 'seeds' | 'maxTrainSamples' | 'maxValSamples' | 'tags' | 'notes'
  | 'executor' | 'slurmPartition' | 'slurmTimeLimit' | 'slurmCpus' | 'slurmGres' | 'slurmSharedDir';
export type RunFormErrors = Partial<Record<RunFormField | 'form', string>>;

export function defaultRunForm(): RunFormState {
  const d = METHOD_DEFAULTS;
  return {
    name: '',
    kind: 'student',
    datasetId: '',
    model: '',
    teacherSource: 'run',
    teacherRunId: '',
    teacherModelPath: '',
    ceWeight: '1',
    kd: { enabled: false, temperature: String(d.kd.temperature), alpha: String(d.kd.alpha) },
    at: { enabled: false, p: String(d.at.p), beta: String(d.at.beta) },
    nst: { enabled: false, kernel: d.nst.kernel, degree: String(d.nst.degree), c: String(d.nst.c), sigmaMode: 'auto', sigma2: String(d.nst.sigma2), lambda: String(d.nst.lambda) },
    hint: { enabled: false, beta: String(d.hint.beta) },
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
