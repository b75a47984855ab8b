// The channel lists and IPC names as the preload knows them: taken from shared/channels.ts, which
// is free of zod, so the sandboxed preload bundle stays small (a test checks no zod gets in).
export {
  REQUEST_CHANNEL_NAMES as PRELOAD_REQUEST_CHANNELS,
  EVENT_CHANNEL_NAMES as PRELOAD_EVENT_CHANNELS,
  ipcChannelName as preloadChannelName,
  ipcEventName as preloadEventName,
} from '../../shared/channels';
