// Channel names of the contract, free of zod, so the sandboxed preload can import them without
// bundling schemas. shared/contract.ts checks at compile time that its schemas cover exactly these.

export const REQUEST_CHANNEL_NAMES = [
  'system:info',
  'datasets:list',
  'datasets:get',
  'models:list',
  'runs:list',
  'runs:get',
  'runs:start',
  'runs:cancel',
  'runs:resume',
  'runs:metrics',
  'runs:logs',
  'dialog:openPath',
  'demo:start',
  'demo:table',
  'runs:query',
  'runs:update',
  'runs:archive',
  'runs:delete',
  'runs:metricKeys',
  'runs:series',
  'runs:report',
  'runs:attention',
  'runs:sweep',
  'runs:probe',
  'queue:list',
  'queue:reorder',
  'export:model',
  'export:metrics',
  'export:bundle',
  'import:bundle',
  'datasets:import',
  'datasets:cancelImport',
  'datasets:detect',
  'datasets:delete',
  'datasets:samples',
] as const;
export type RequestChannelName = (typeof REQUEST_CHANNEL_NAMES)[number];

export const EVENT_CHANNEL_NAMES = [
  'run:status',
  'run:progress',
  'run:metrics',
  'run:log',
  'datasets:changed',
  'queue:changed',
  'dataset:importProgress',
] as const;
export type EventChannelName = (typeof EVENT_CHANNEL_NAMES)[number];

/** The IPC channel a request travels on in Electron, and the one an event arrives on. */
export const ipcChannelName = (c: RequestChannelName): string => `studio:${c}`;
export const ipcEventName = (e: EventChannelName): string => `studio-event:${e}`;
