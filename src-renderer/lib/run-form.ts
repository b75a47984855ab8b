// The New-run form as plain data: string fields as typed, turned into a RunConfig input and
// checked with the same zod schema every transport uses, with one readable message per field.
import type { z } from 'zod';
import { RunConfigSchema, type RunConfigInput } from '../../shared/schemas/run-config';

export interface RunFormState {
  name: string;
  datasetId: string;
  model: string;
  kind: 'teacher' | 'student' | 'distill';
  optimizer: 'sgd' | 'adam';
  epochs: string;
  batchSize: string;
  learningRate: string;
  seed: string;
  maxTrainSamples: string;
}
export type RunFormField = keyof RunFormState;
export type RunFormErrors = Partial<Record<RunFormField | 'form', string>>;

export function defaultRunForm(): RunFormState {
  return {
    name: '',
    datasetId: '',
    model: '',
    kind: 'student',
    optimizer: 'sgd',
    epochs: '5',
    batchSize: '64',
    learningRate: '0.05',
    seed: '42',
    maxTrainSamples: '',
  };
}

const REQUIRED_NUMBERS = ['epochs', 'batchSize', 'learningRate', 'seed'] as const;

/** Where a schema path shows its message in the form. */
const FIELD_OF_PATH: Record<string, RunFormField> = {
  name: 'name',
  datasetId: 'datasetId',
  model: 'model',
  kind: 'kind',
  teacherRunId: 'kind',
  epochs: 'epochs',
  batchSize: 'batchSize',
  'optimizer.learningRate': 'learningRate',
  'optimizer.name': 'optimizer',
  seed: 'seed',
  maxTrainSamples: 'maxTrainSamples',
};

function parseNumber(text: string): number | undefined {
  const t = text.trim();
  return t === '' ? undefined : Number(t);
}

/** One short sentence per zod issue ("must be ≥ 1", "must be a whole number"). */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return `must be ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
  }
  if (issue.code === 'too_big' && issue.origin === 'number') {
    return `must be ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
  }
  if (issue.code === 'invalid_type') {
    if (issue.expected === 'int') return 'must be a whole number';
    if (issue.expected === 'number') return 'must be a number';
  }
  return issue.message;
}

export function validateRunForm(form: RunFormState): {
  config: RunConfigInput | null;
  errors: RunFormErrors;
} {
  const errors: RunFormErrors = {};
  for (const field of REQUIRED_NUMBERS) {
    if (form[field].trim() === '') errors[field] = 'required';
  }
  const name = form.name.trim();
  const maxTrain = parseNumber(form.maxTrainSamples);
  const candidate: RunConfigInput = {
    ...(name ? { name } : {}),
    kind: form.kind,
    datasetId: form.datasetId,
    model: form.model,
    epochs: parseNumber(form.epochs),
    batchSize: parseNumber(form.batchSize),
    optimizer: {
      name: form.optimizer,
      learningRate: parseNumber(form.learningRate),
    },
    seed: parseNumber(form.seed),
    ...(maxTrain === undefined ? {} : { maxTrainSamples: maxTrain }),
  };
  const parsed = RunConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = FIELD_OF_PATH[issue.path.join('.')] ?? 'form';
      errors[field] ??= describeIssue(issue);
    }
  }
  return { config: Object.keys(errors).length === 0 ? candidate : null, errors };
}
