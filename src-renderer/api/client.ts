// The only file that knows how messages travel. In the Electron app the preload exposes
// `window.studio`; in browser mode the same `StudioApi` runs over one WebSocket to the server
// that served this page, authenticated by the token from the page URL.
import type { EventChannel, EventPayloads, RequestChannel, RequestInput, RequestOutput, StudioApi } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { SocketSession, type ConnectionState, type SocketHandlers } from '../lib/transport/socket-session';
import { resolveToken, socketUrl } from '../lib/transport/wire';

export type { ConnectionState };

export interface Connection {
  /** 'electron' never disconnects; 'browser' may, and then reports its state. */
  mode: 'electron' | 'browser';
  /** False when browser mode has no token to authenticate with. */
  hasToken: boolean;
  onState(listener: (state: ConnectionState) => void): () => void;
}

function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: the token then lives only in the URL
  }
}

function openSocket(url: string, handlers: SocketHandlers) {
  const ws = new WebSocket(url);
  ws.onopen = () => handlers.onOpen();
  ws.onclose = () => handlers.onClose();
  ws.onmessage = (ev: MessageEvent) => handlers.onMessage(ev.data);
  return {
    send: (text: string) => ws.send(text),
    close: () => ws.close(),
  };
}

function createBrowserApi(): { api: StudioApi; connection: Connection } {
  const token = resolveToken(window.location.search, sessionStore());
  const url = socketUrl(window.location.protocol, window.location.host, token ?? '');
  const session = new SocketSession({ connect: (handlers) => openSocket(url, handlers) });
  const api: StudioApi = {
    invoke<C extends RequestChannel>(channel: C, input?: RequestInput<C>) {
      return session.request(channel, input) as Promise<Result<RequestOutput<C>>>;
    },
    on<E extends EventChannel>(event: E, handler: (payload: EventPayloads[E]) => void) {
      return session.on(event, (payload) => handler(payload as EventPayloads[E]));
    },
  };
  const connection: Connection = {
    mode: 'browser',
    hasToken: token !== null,
    onState: (listener) => session.onState(listener),
  };
  return { api, connection };
}

function createElectronApi(studio: StudioApi): { api: StudioApi; connection: Connection } {
  return {
    api: studio,
    connection: {
      mode: 'electron',
      hasToken: true,
      onState(listener) {
        listener({ status: 'open', reconnected: false });
        return () => {};
      },
    },
  };
}

const transport = window.studio ? createElectronApi(window.studio) : createBrowserApi();

export const api: StudioApi = transport.api;
export const connection: Connection = transport.connection;
