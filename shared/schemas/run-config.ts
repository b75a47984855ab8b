// Run configuration schema: the whole truth needed to reproduce a run. Validated at every
// boundary (form, IPC, WebSocket, CLI config files) with the same zod schema. Every object is
// strict: an unknown key is an error naming the key probably meant (strict-object.ts), never a
// setting silently left at its default. Checks that need the model catalogue (taps, pair
// shapes) run before a run is created: shared/term-checks.ts.
import { z } from 'zod';
import { METHODS, needsTaps, TermSchema, type Term } from '../methods';
import { ExecutorSchema, SlurmProfileSchema } from './slurm-profile';
import { strictObject } from './strict-object';

export const RUN_KINDS = ['teacher', 'student', 'distill'] as const;
export const RunKindSchema = z.enum(RUN_KINDS);
export type RunKind = z.infer<typeof RunKindSchema>;

// Terms of the objective: one schema per method, each owned by its module in shared/methods/.
export { TermSchema, type Term, type TermInput } from '../methods';

export const OptimizerSchema = strictObject({
  name: z.enum(['sgd', 'adam']).default('sgd'),
  learningRate: z.number().positive().max(10).default(0.05),
  momentum: z.number().min(0).max(0.999).default(0.9),
  nesterov: z.boolean().default(false),
  weightDecay: z.number().min(0).max(1).default(5e-4),
});

export const AugmentSchema = strictObject({
  /** Random crop after zero-padding by 4 pixels on each side. */
  randomCrop: z.boolean().default(true),
  /** Horizontal flip with p = 0.5; 'auto' flips colour images only (never handwritten digits). */
  horizontalFlip: z.union([z.boolean(), z.literal('auto')]).default('auto'),
});

/** Where a distill run's teacher comes from: a completed run, or an imported TF.js layers model. */
export const TeacherSourceSchema = z.union([
  strictObject({ kind: z.literal('run'), runId: z.string().min(1) }),
  strictObject({ kind: z.literal('tfjs'), path: z.string().min(1) }),
]);

export const RunConfigSchema = strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  kind: RunKindSchema.default('student'),
  datasetId: z.string().min(1, 'pick a dataset'),
  model: z.string().min(1, 'pick a model'),
  epochs: z.number().int().min(1).max(10_000).default(5),
  batchSize: z.number().int().min(1).max(4096).default(64),
  optimizer: OptimizerSchema.default({
    name: 'sgd',
    learningRate: 0.05,
    momentum: 0.9,
    nesterov: false,
    weightDecay: 5e-4,
  }),
  schedule: z.enum(['step', 'cosine', 'constant']).default('step'),
  augment: AugmentSchema.default({ randomCrop: true, horizontalFlip: 'auto' }),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(42),
  /** Train on a fixed, seeded subset of this many samples, reshuffled every epoch (quick experiments, tests); omitted = all. */
  maxTrainSamples: z.number().int().positive().optional(),
  /** Evaluate on at most this many validation samples; omitted = all. */
  maxValSamples: z.number().int().positive().optional(),
  /** CPU threads for this run's native TensorFlow (its intra-op pool); omitted = every core. */
  threads: z.number().int().min(1).max(1024).optional(),
  teacherRunId: z.string().min(1).optional(),
  /** Imported TF.js layers teacher (model.json path); alternative to teacherRunId. */
  teacherModelPath: z.string().min(1).optional(),
  /** Objective terms; empty = plain cross-entropy (teacher and student runs). */
  terms: z.array(TermSchema).default([]),
  /** Rescale the terms' weights before the first step so each distillation method weighs as much as CE (shared/balance-weights.ts). */
  balanceWeights: z.boolean().optional(),
  tags: z.array(z.string().trim().min(1).max(64)).default([]),
  notes: z.string().max(10_000).optional(),
  /** Where the run trains: this machine's worker processes (omitted = 'local') or a Slurm job. */
  executor: ExecutorSchema.optional(),
  /** Slurm job settings (docs/cluster.md); omitted = the cluster's defaults. */
  slurm: SlurmProfileSchema.optional(),
}).superRefine((cfg, ctx) => {
  if (cfg.kind === 'distill' && !cfg.teacherRunId && !cfg.teacherModelPath) {
    ctx.addIssue({ code: 'custom', path: ['teacherRunId'], message: 'a distill run needs a teacher (a completed run or an imported TF.js model)' });
  }
  if (cfg.kind === 'distill' && cfg.terms.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['terms'], message: 'a distill run needs at least one objective term (e.g. a preset: kd, at, nst-poly, kd+nst)' });
  }
  if (cfg.balanceWeights && (cfg.kind !== 'distill' || !cfg.terms.some((t) => t.method === 'ce'))) {
    ctx.addIssue({
      code: 'custom',
      path: ['balanceWeights'],
      message: 'balanceWeights weighs each distillation term against CE: it needs a distill run with a ce term',
    });
  }
  if (cfg.kind !== 'distill' && cfg.terms.some((t) => t.method !== 'ce')) {
    ctx.addIssue({ code: 'custom', path: ['terms'], message: `only distill runs use a teacher; ${cfg.kind} runs train with ce alone` });
  }
  cfg.terms.forEach((t, i) => {
    if (!needsTaps(METHODS[t.method]) && (t.teacherTap !== undefined || t.studentTap !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['terms', i], message: `${t.method} works on the logits: remove teacherTap and studentTap` });
    }
    if (needsTaps(METHODS[t.method]) && (!t.teacherTap || !t.studentTap)) {
      ctx.addIssue({ code: 'custom', path: ['terms', i], message: `${t.method} pairs feature maps: set teacherTap and studentTap (e.g. stage3)` });
    }
  });
});
export type RunConfigInput = z.input<typeof RunConfigSchema>;

/** `value` as a list of valid terms (e.g. read back from a checkpoint), or null. */
export function parseTerms(value: unknown): Term[] | null {
  const r = z.array(TermSchema).safeParse(value);
  return r.success ? r.data : null;
}
export type RunConfig = z.output<typeof RunConfigSchema>;

/** "terms[1].options.p": numeric segments as indices, as people write them. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

/**
 * Turn a zod error into one readable line per problem: "epochs: must be ≥ 1"; an unknown key
 * gets its own path, "epoch: unknown key; did you mean 'epochs'?" (strict-object.ts). `where`
 * may add a location to each problem (the CLI adds the line in the file).
 */
export function describeZodError(error: z.ZodError, where: (path: PropertyKey[]) => string = () => ''): string {
  return error.issues
    .map((i) => {
      const path = i.code === 'unrecognized_keys' && i.keys.length === 1 ? [...i.path, i.keys[0]!] : i.path;
      return `${path.length ? formatPath(path) : '(config)'}: ${i.message}${where(path)}`;
    })
    .join('; ');
}
