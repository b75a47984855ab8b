// Validation of the New-run form: the form becomes a RunConfig input (form-config.ts) that is
// checked with the same zod schema every transport uses, then its terms against the models' taps
// with the checks runs:start makes (shared/term-checks.ts); each problem is shown once, next to
// the field it belongs to, as a short readable sentence.
import { RunConfigSchema, type RunConfigInput } from '../../../shared/schemas/run-config';
import { checkTerms, type TapSide } from '../../../shared/term-checks';
import { EXECUTOR_FIELDS } from './executor-form';
import { formToCandidate } from './form-config';
import { describeIssue } from './issue-text';

export { describeIssue };
import { parseSeeds, type RunFormErrors, type RunFormField, type RunFormState, type TermFields } from './run-form-state';

export type { MethodForm, PairForm, RunFormErrors, RunFormField, RunFormState } from './run-form-state';
export { defaultMethodForm, defaultRunForm, pairForm, pairUsesAdapter, parseSeeds } from './run-form-state';

const FIELD_OF_PATH: Record<string, RunFormField> = {
  name: 'name',
  datasetId: 'datasetId',
  model: 'model',
  kind: 'kind',
  teacherRunId: 'teacher',
  teacherModelPath: 'teacher',
  epochs: 'epochs',
  batchSize: 'batchSize',
  schedule: 'schedule',
  'optimizer.name': 'optimizer',
  'optimizer.learningRate': 'learningRate',
  'optimizer.momentum': 'momentum',
  'optimizer.weightDecay': 'weightDecay',
  seed: 'seeds',
  maxTrainSamples: 'maxTrainSamples',
  maxValSamples: 'maxValSamples',
  threads: 'threads',
  terms: 'methods',
  notes: 'notes',
  ...EXECUTOR_FIELDS,
};

function fieldOf(path: readonly PropertyKey[], termFields: readonly TermFields[]): RunFormField | 'form' {
  const key = path.map(String).join('.');
  if (FIELD_OF_PATH[key]) return FIELD_OF_PATH[key]!;
  if (path[0] === 'tags') return 'tags';
  if (path[0] === 'terms' && typeof path[1] === 'number') {
    const f = termFields[path[1]];
    if (!f) return 'methods';
    if (path[2] === 'options' && typeof path[3] === 'string') return f.options[path[3]] ?? f.weight;
    if ((path[2] === 'teacherTap' || path[2] === 'studentTap') && f.pair !== null) return 'pairs';
    if (path.length === 2 && f.pair !== null) return 'pairs';
    return f.weight;
  }
  return 'form';
}

export interface FormValidation {
  /** The config of the first seed, ready for runs:start; null while any field is wrong. */
  config: RunConfigInput | null;
  seeds: number[];
  errors: RunFormErrors;
  /** What the form shows in the YAML view, even while some fields are wrong. */
  candidate: RunConfigInput;
}

/** The models' taps as the form knows them (models:list); taps: null when not known yet. */
export interface FormModels {
  teacher: TapSide | null;
  student: TapSide;
}

export function validateRunForm(form: RunFormState, models?: FormModels): FormValidation {
  const { candidate, termFields, errors } = formToCandidate(form);
  const { seeds, error: seedError } = parseSeeds(form.seeds);
  if (seedError) errors.seeds = seedError;
  const parsed = RunConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path, termFields);
      errors[field] ??= describeIssue(issue);
    }
  } else if (models) {
    for (const problem of checkTerms(parsed.data.terms, models.teacher, models.student)) {
      errors[fieldOf(problem.path, termFields)] ??= problem.message;
    }
  }
  return { config: Object.keys(errors).length === 0 ? candidate : null, seeds, errors, candidate };
}
