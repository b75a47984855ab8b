// What a job folder's JSON lines may say, checked before anything reaches the database: the same
// messages a local worker sends (training/worker/protocol.ts) plus `rewind`. The files live on a
// shared filesystem other people can write to, so every field is bounded and typed; a line that
// does not fit is rejected with the reason, never ingested in part.
import { z } from 'zod';
import type { WorkerMessage } from '../../worker/protocol';

const text = z.string().max(20_000);
const num = z
  .number()
  .nullable()
  .transform((v) => (v === null ? Number.NaN : v)); // JSON writes NaN as null
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const metricMap = z.record(z.string().max(200), num);

const PointSchema = z.object({ key: z.string().min(1).max(200), step: count, epoch: count, value: num });

export const MetricsLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('metrics'), points: z.array(PointSchema).max(100_000), at: z.number() }),
  z.object({ type: z.literal('rewind'), step: count, attempt: count, at: z.number() }),
]);

const BackendSchema = z.object({
  name: z.string().max(100),
  package: z.string().max(200),
  gpu: z.boolean(),
  reason: text,
  tfjsVersion: z.string().max(100),
  native: z.any().optional(),
});

export const LogsLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), backend: BackendSchema, at: z.number() }),
  z.object({
    type: z.literal('progress'),
    epoch: count,
    epochs: count,
    step: count,
    totalSteps: count,
    imagesPerSec: z.number().nullable(),
    etaSeconds: z.number().nullable(),
    at: z.number(),
  }),
  z.object({ type: z.literal('epoch'), epoch: count, metrics: metricMap, seconds: z.number(), at: z.number() }),
  z.object({ type: z.literal('checkpoint'), epoch: count, path: text, bytes: count, at: z.number() }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: text, at: z.number() }),
  z.object({
    type: z.literal('done'),
    status: z.enum(['completed', 'cancelled']),
    finalMetrics: metricMap,
    artifacts: z.array(z.object({ kind: z.enum(['model', 'report', 'checkpoint']), path: text, bytes: count })).max(100),
    at: z.number(),
  }),
  z.object({ type: z.literal('failed'), status: z.enum(['failed', 'diverged']), message: text, at: z.number() }),
]);

export type MetricsLine = z.output<typeof MetricsLineSchema>;
export type LogsLine = z.output<typeof LogsLineSchema>;

/** The worker message of a logs line (its `at` stamp removed). */
export function toWorkerMessage(line: LogsLine): WorkerMessage {
  const { at: _at, ...m } = line;
  return m as WorkerMessage;
}

/** One line's problem in a few words: "metrics.jsonl line at byte 120: points[0].step: …". */
export function lineProblem(file: string, end: number, error: z.ZodError): string {
  const issue = error.issues[0];
  return `${file} line ending at byte ${end} rejected: ${issue ? `${issue.path.join('.') || '(line)'}: ${issue.message}` : 'invalid'}`;
}
