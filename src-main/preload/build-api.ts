// The `window.studio` object, built from an injected ipcRenderer so it can be tested without
// Electron. It exposes a closed set of channels: the renderer can never name an arbitrary IPC
// channel, and it never sees Electron's event objects (they carry `sender`, i.e. ipcRenderer).
import type { EventChannel, EventPayloads, RequestChannel, StudioApi } from '../../shared/contract';
import type { Result, StudioError } from '../../shared/result';
import { PRELOAD_EVENT_CHANNELS, PRELOAD_REQUEST_CHANNELS, preloadChannelName, preloadEventName } from './channels';

/** The parts of Electron's `ipcRenderer` used here. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Electron's ipcRenderer listeners take any[]; the real ipcRenderer must fit this shape
  on(channel: string, listener: (event: unknown, ...args: any[]) => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Electron's ipcRenderer listeners take any[]; the real ipcRenderer must fit this shape
  removeListener(channel: string, listener: (event: unknown, ...args: any[]) => void): unknown;
}

export interface PreloadApi extends StudioApi {
  /** The channels this preload accepts (read-only; for tests and diagnostics). */
  readonly channels: { readonly requests: readonly RequestChannel[]; readonly events: readonly EventChannel[] };
}

const failure = (code: StudioError['code'], message: string): Result<never> => ({ ok: false, error: { code, message } });

export function buildStudioApi(ipcRenderer: IpcRendererLike): PreloadApi {
  // Sets, not `in` checks on an object: '__proto__' or 'toString' must not count as channels.
  const requests = new Set<string>(PRELOAD_REQUEST_CHANNELS);
  const events = new Set<string>(PRELOAD_EVENT_CHANNELS);

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each channel narrows the value with its own schema in the typed API below
  const invoke = async (channel: RequestChannel, input?: unknown): Promise<Result<any>> => {
    if (typeof channel !== 'string' || !requests.has(channel)) {
      return failure('unknown_channel', `Unknown request channel: ${String(channel)}`);
    }
    try {
      return (await ipcRenderer.invoke(preloadChannelName(channel), input)) as Result<unknown>;
    } catch (err) {
      // Only happens when main has no handler (yet) or the input cannot be cloned; keep the
      // promise of a Result so callers handle one shape.
      return failure('internal', `${channel} failed: ${(err as Error)?.message ?? String(err)}`);
    }
  };

  const on = <E extends EventChannel>(event: E, handler: (payload: EventPayloads[E]) => void): (() => void) => {
    if (typeof event !== 'string' || !events.has(event)) {
      throw new Error(`Unknown event channel: ${String(event)}`);
    }
    if (typeof handler !== 'function') throw new Error(`Handler for ${event} must be a function`);
    const name = preloadEventName(event);
    const listener = (_event: unknown, payload: EventPayloads[E]): void => handler(payload);
    ipcRenderer.on(name, listener);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipcRenderer.removeListener(name, listener);
    };
  };

  return Object.freeze({
    invoke: invoke as StudioApi['invoke'],
    on,
    channels: Object.freeze({
      requests: Object.freeze([...PRELOAD_REQUEST_CHANNELS]),
      events: Object.freeze([...PRELOAD_EVENT_CHANNELS]),
    }),
  });
}
