// Schemas of the history, compare, queue and export channels (experiment UI): server-side
// filtering/sorting/paging of runs, bulk edits, multi-run series, sweeps and exports.
import { z } from 'zod';
import { NST_KERNELS } from '../methods';
import { RunConfigSchema, TermSchema } from './run-config';
import { strictObject } from './strict-object';

const Ids = z.array(z.string().min(1)).min(1).max(10_000);
export const MetricAggSchema = z.enum(['best', 'last', 'min', 'max']);

/** A metric column: key + aggregate; 'best' is max for accuracies and min for losses. */
export const MetricColumnSchema = z.object({ key: z.string().min(1), agg: MetricAggSchema });

export const RunQuerySchema = z.object({
  search: z.string().max(200).optional(),
  status: z.array(z.string()).optional(),
  kind: z.array(z.string()).optional(),
  /** Runs whose objective uses any of these methods (ce, kd, at, nst, hint). */
  method: z.array(z.string()).optional(),
  /** Runs with an NST term using any of these kernels. */
  kernel: z.array(z.string()).optional(),
  datasetId: z.string().optional(),
  tag: z.string().optional(),
  /** ISO dates, inclusive, on created_at. */
  from: z.string().optional(),
  to: z.string().optional(),
  archived: z.boolean().default(false),
  sort: z
    .object({
      /** 'created' | 'name' | 'status' | 'kind' | 'duration' | 'metric' */
      by: z.enum(['created', 'name', 'status', 'kind', 'duration', 'metric']).default('created'),
      metric: MetricColumnSchema.optional(),
      dir: z.enum(['asc', 'desc']).default('desc'),
    })
    .default({ by: 'created', dir: 'desc' }),
  columns: z.array(MetricColumnSchema).max(20).default([]),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});

export const RunUpdateSchema = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1).max(200).optional(),
  notes: z.string().max(10_000).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
});

export const BulkIdsSchema = z.object({ ids: Ids });
export const ArchiveSchema = z.object({ ids: Ids, archived: z.boolean() });

export const SeriesRequestSchema = z.object({
  ids: z.array(z.string().min(1)).min(1).max(50),
  keys: z.array(z.string().min(1)).min(1).max(50),
  /** Decimate each series to at most this many points (LTTB); omitted = all points. */
  maxPoints: z.number().int().min(10).max(100_000).optional(),
});

/** Strict like the run config itself: a misspelt axis ('weightScale') would silently drop out of the grid. */
export const SweepSchema = strictObject({
  base: RunConfigSchema,
  /** Each entry is one preset's terms (e.g. from presetTerms); omitted = base.terms. */
  methods: z
    .array(strictObject({ label: z.string().min(1), terms: z.array(TermSchema) }))
    .max(20)
    .optional(),
  /** Multipliers applied to the weight of every non-ce term. */
  weightScales: z.array(z.number().positive()).optional(),
  /** NST kernels to try (applied to nst terms). */
  kernels: z.array(z.enum(NST_KERNELS)).optional(),
  seeds: z.array(z.number().int().min(0)).min(1).max(20).optional(),
});

export const ExportModelSchema = z.object({
  id: z.string().min(1),
  /** Destination folder: model.onnx (onnx) or model.json + weights.bin (tfjs), and model-card.json. */
  dir: z.string().min(1),
  format: z.enum(['tfjs', 'onnx']).default('tfjs'),
});

export const ExportMetricsSchema = z.object({ ids: Ids, format: z.enum(['csv', 'json']) });
export const BundleExportSchema = z.object({ id: z.string().min(1), file: z.string().min(1) });
export const BundleImportSchema = z.object({ file: z.string().min(1) });
export const AttentionSchema = z.object({
  id: z.string().min(1),
  /** Indices into the validation split. */
  samples: z.array(z.number().int().min(0)).min(1).max(16),
});
