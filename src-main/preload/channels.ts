// The channel lists and IPC names as the preload knows them. They repeat shared/contract.ts on
// purpose: importing the contract at runtime would bundle zod and every schema into the sandboxed
// preload. The types below make the compiler reject a list that misses or invents a channel, and
// a unit test compares the lists and names with the contract at runtime.
import type { EventChannel, RequestChannel } from '../../shared/contract';

export const PRELOAD_REQUEST_CHANNELS = [
  'system:info',
  'datasets:list',
  'datasets:get',
  'models:list',
  'runs:list',
  'runs:get',
  'runs:start',
  'runs:cancel',
  'runs:metrics',
  'runs:logs',
] as const satisfies readonly RequestChannel[];

export const PRELOAD_EVENT_CHANNELS = [
  'run:status',
  'run:progress',
  'run:metrics',
  'run:log',
  'datasets:changed',
] as const satisfies readonly EventChannel[];

// Compile-time exhaustiveness: each line fails to type-check if the contract gains a channel
// that the lists above do not have.
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;
const requestsComplete: Missing<RequestChannel, (typeof PRELOAD_REQUEST_CHANNELS)[number]> = true;
const eventsComplete: Missing<EventChannel, (typeof PRELOAD_EVENT_CHANNELS)[number]> = true;
void requestsComplete;
void eventsComplete;

/** Same naming as `ipcChannelName` / `ipcEventName` in the contract (checked by a test). */
export const preloadChannelName = (c: RequestChannel): string => `studio:${c}`;
export const preloadEventName = (e: EventChannel): string => `studio-event:${e}`;
