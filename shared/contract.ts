// The one typed contract between the UI and the services. Every request channel has an input
// schema (validated by every transport) and an output type; every event channel a payload type.
// The Electron preload, the IPC binding and the browser-mode server all derive from these lists.
import { z } from 'zod';
import { RunConfigSchema } from './schemas/run-config';
import type { MetricSeries, ModelInfo, RunDetail, RunLogLine, RunProgress, RunRecord, RunStatus, SystemInfo, DemoRow } from './types';
import type { Result } from './result';
import type { AttentionMaps, ModelExportResult, MultiSeries, RunPage, RunReport, TermProbe, TextExport } from './history-types';
import {
  ArchiveSchema,
  AttentionSchema,
  BulkIdsSchema,
  BundleExportSchema,
  BundleImportSchema,
  ExportMetricsSchema,
  ExportModelSchema,
  RunQuerySchema,
  RunUpdateSchema,
  SeriesRequestSchema,
  SweepSchema,
} from './schemas/history';
import type {
  DatasetDeleteResult,
  DatasetDetail,
  DatasetDetection,
  DatasetImportProgress,
  DatasetImportResult,
  DatasetListItem,
  DatasetSamplesPage,
} from './types';
import { DatasetCancelImportSchema, DatasetDeleteSchema, DatasetDetectSchema, DatasetImportSchema, DatasetSamplesSchema } from './schemas/datasets';
import { EVENT_CHANNEL_NAMES, REQUEST_CHANNEL_NAMES, type EventChannelName, type RequestChannelName } from './channels';

const Id = z.object({ id: z.string().min(1) });
const Empty = z.object({}).strict().optional();

export const RunListFilterSchema = z
  .object({
    status: z.array(z.string()).optional(),
    kind: z.array(z.string()).optional(),
    datasetId: z.string().optional(),
    search: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(1000).default(200),
    offset: z.number().int().min(0).default(0),
  })
  .optional();

/** Request channels: name → input schema. Output types live in `RequestOutputs`. */
export const requestSchemas = {
  'system:info': Empty,
  'datasets:list': Empty,
  'datasets:get': Id,
  /** Zoo with params, MACs and tap shapes for a dataset's input shape (default 32×32×3, 10 classes). */
  'models:list': z
    .object({ datasetId: z.string().min(1).optional() })
    .strict()
    .optional(),
  'runs:list': RunListFilterSchema,
  'runs:get': Id,
  'runs:start': RunConfigSchema,
  'runs:cancel': Id,
  /** Queue an interrupted or cancelled run again; it continues from its last checkpoint. */
  'runs:resume': Id,
  'runs:metrics': z.object({ id: z.string().min(1), keys: z.array(z.string()).optional() }),
  /** Native file/folder picker (desktop app only; elsewhere answers { supported: false }). */
  'dialog:openPath': z.object({ kind: z.enum(['file', 'folder']), title: z.string().max(200).optional() }),
  'demo:start': z
    .object({
      epochs: z.number().int().min(1).max(100).optional(),
      trainSamples: z.number().int().min(32).max(60_000).optional(),
      /** Another dataset of the library instead of the bundled digits. */
      datasetId: z.string().min(1).max(200).optional(),
      /** Keep the papers' weights instead of balancing them at the start of each distill run. */
      paperWeights: z.boolean().optional(),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .optional(),
    })
    .optional(),
  'demo:table': z.object({ ids: z.array(z.string().min(1)).min(1).max(20) }),
  'runs:logs': z.object({ id: z.string().min(1), limit: z.number().int().min(1).max(5000).default(200) }),
  'runs:query': RunQuerySchema,
  'runs:update': RunUpdateSchema,
  'runs:archive': ArchiveSchema,
  'runs:delete': BulkIdsSchema,
  'runs:metricKeys': z.object({ ids: z.array(z.string().min(1)).max(50).optional() }).optional(),
  'runs:series': SeriesRequestSchema,
  'runs:report': Id,
  'runs:attention': AttentionSchema,
  'runs:sweep': SweepSchema,
  'runs:probe': RunConfigSchema,
  'queue:list': Empty,
  'queue:reorder': z.object({ ids: z.array(z.string().min(1)).min(1) }),
  'export:model': ExportModelSchema,
  'export:metrics': ExportMetricsSchema,
  'export:bundle': BundleExportSchema,
  'import:bundle': BundleImportSchema,
  /** Long-running: progress arrives as 'dataset:importProgress' events with the importId. */
  'datasets:import': DatasetImportSchema,
  'datasets:cancelImport': DatasetCancelImportSchema,
  'datasets:detect': DatasetDetectSchema,
  'datasets:delete': DatasetDeleteSchema,
  /** Thumbnails by dataset id (never by path), optionally one class, paged. */
  'datasets:samples': DatasetSamplesSchema,
} as const satisfies Record<RequestChannelName, z.ZodType>;
// …and no schema for a channel that channels.ts does not name:
const _noExtraChannels: Record<keyof typeof requestSchemas, true> = Object.fromEntries(REQUEST_CHANNEL_NAMES.map((c) => [c, true])) as Record<
  RequestChannelName,
  true
>;
void _noExtraChannels;

export interface RequestOutputs {
  'system:info': SystemInfo;
  'datasets:list': DatasetListItem[];
  'datasets:get': DatasetDetail;
  'models:list': ModelInfo[];
  'runs:list': RunRecord[];
  'runs:get': RunDetail;
  'runs:start': RunRecord;
  'runs:cancel': RunRecord;
  'runs:resume': RunRecord;
  'runs:metrics': MetricSeries;
  'runs:logs': RunLogLine[];
  'dialog:openPath': { path: string | null; supported: boolean };
  'demo:start': RunRecord[];
  'demo:table': DemoRow[];
  'runs:query': RunPage;
  'runs:update': RunRecord;
  'runs:archive': { changed: number };
  'runs:delete': { deleted: number };
  'runs:metricKeys': string[];
  'runs:series': MultiSeries;
  'runs:report': RunReport;
  'runs:attention': AttentionMaps;
  'runs:sweep': RunRecord[];
  'runs:probe': TermProbe;
  'queue:list': RunRecord[];
  'queue:reorder': RunRecord[];
  'export:model': ModelExportResult;
  'export:metrics': TextExport;
  'export:bundle': { file: string; bytes: number };
  'import:bundle': RunRecord;
  'datasets:import': DatasetImportResult;
  'datasets:cancelImport': { cancelled: boolean };
  'datasets:detect': DatasetDetection;
  'datasets:delete': DatasetDeleteResult;
  'datasets:samples': DatasetSamplesPage;
}

export type RequestChannel = keyof typeof requestSchemas;
export type RequestInput<C extends RequestChannel> = z.input<(typeof requestSchemas)[C]>;
export type ParsedInput<C extends RequestChannel> = z.output<(typeof requestSchemas)[C]>;
export type RequestOutput<C extends RequestChannel> = RequestOutputs[C];

export const REQUEST_CHANNELS: readonly RequestChannel[] = REQUEST_CHANNEL_NAMES;

/** Event channels pushed from main to every window / WebSocket client. */
export interface EventPayloads {
  'run:status': { runId: string; status: RunStatus; error: string | null; run: RunRecord };
  'run:progress': RunProgress;
  'run:metrics': { runId: string; points: { key: string; step: number; epoch: number; value: number }[] };
  'run:log': RunLogLine;
  'datasets:changed': { datasets: DatasetListItem[] };
  /** The queue's order or content changed (runs queued, started, reordered, cancelled). */
  'queue:changed': { queued: RunRecord[] };
  /** Progress of one import (throttled); the last one has phase done, failed or cancelled. */
  'dataset:importProgress': DatasetImportProgress;
}
export type EventChannel = keyof EventPayloads;
export const EVENT_CHANNELS: readonly EventChannel[] = EVENT_CHANNEL_NAMES;
// Every event named in channels.ts has a payload type, and vice versa.
const _eventsMatch: [EventChannelName] extends [EventChannel] ? ([EventChannel] extends [EventChannelName] ? true : never) : never = true;
void _eventsMatch;

/** The surface the renderer sees, identical in Electron (preload) and browser mode (WebSocket). */
export interface StudioApi {
  invoke<C extends RequestChannel>(channel: C, input?: RequestInput<C>): Promise<Result<RequestOutput<C>>>;
  on<E extends EventChannel>(event: E, handler: (payload: EventPayloads[E]) => void): () => void;
}

export { ipcChannelName, ipcEventName } from './channels';
