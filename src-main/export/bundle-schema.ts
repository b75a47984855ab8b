// What the JSON records of a run bundle must look like before anything reaches the database:
// run.json (the run record, with a UUID id and a dataset id that can name a folder), metrics.json
// and logs.json (rows of that run only: a row's own runId is never read). A bundle is someone
// else's file, so every field is typed and bounded here rather than trusted to SQLite.
import { z } from 'zod';
import { RunKindSchema } from '../../shared/schemas/run-config';
import { RUN_ID, SAFE_ID } from '../services/data-dir';

const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted', 'diverged'] as const;

const isoDate = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO date-time');
const text = (max: number) => z.string().max(max);

const EnvironmentSchema = z.object({
  appVersion: text(100),
  tfjsVersion: text(100),
  backendPackage: text(200),
  gpu: z.boolean(),
  nodeVersion: text(100),
  electronVersion: text(100).nullable(),
  platform: text(100),
  datasetFingerprint: text(200),
});

export const BundleRunSchema = z.object({
  id: z.string().regex(RUN_ID, 'must be a run id (a UUID)'),
  name: z.string().trim().min(1).max(200),
  kind: RunKindSchema,
  status: z.enum(RUN_STATUSES),
  config: z.unknown(),
  datasetId: z.string().regex(SAFE_ID, 'must be a dataset id (letters, digits, . _ -)'),
  teacherRunId: z.string().regex(RUN_ID, 'must be a run id (a UUID)').nullable(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  backend: text(100).nullable().optional(),
  backendReason: text(2000).nullable().optional(),
  environment: EnvironmentSchema.nullable().optional(),
  createdAt: isoDate,
  startedAt: isoDate.nullable().optional(),
  finishedAt: isoDate.nullable().optional(),
  error: text(10_000).nullable().optional(),
  notes: text(10_000).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(64)).max(100).default([]),
});

export const BundleMetaSchema = z.object({
  formatVersion: z.literal(1),
  run: BundleRunSchema,
  dataset: z
    .object({ name: text(200), fingerprint: text(200) })
    .nullable()
    .optional(),
});
export type BundleMeta = z.infer<typeof BundleMetaSchema>;

export const BundleMetricsSchema = z
  .array(
    z.object({
      key: z.string().min(1).max(200),
      step: z.number().int().min(0),
      epoch: z.number().int().min(0),
      // JSON has no NaN or Infinity: the exporter wrote them as null, stored again as "no value".
      value: z.number().nullable(),
    }),
  )
  .max(10_000_000);

export const BundleLogsSchema = z
  .array(
    z.object({
      level: z.enum(['info', 'warn', 'error']),
      message: text(100_000),
      time: text(40),
    }),
  )
  .max(1_000_000);

/** "run.id: must be a run id (a UUID)" — the first problem, on one line. */
export function firstIssue(error: z.ZodError): string {
  const i = error.issues[0];
  if (!i) return 'invalid';
  const path = i.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  return `${path || '(top level)'}: ${i.message}`;
}
