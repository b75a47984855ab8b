// The browser-mode wire format (JSON text frames over one WebSocket). Pure: no DOM, no sockets,
// so both the client and its unit tests use exactly these functions.
//   client → server  { type: 'request', id, channel, input }
//   server → client  { type: 'response', id, result }   |   { type: 'event', event, payload }
import type { Result, StudioError } from '../../../shared/result';

export interface RequestFrame {
  type: 'request';
  id: number;
  channel: string;
  input: unknown;
}
export interface ResponseFrame {
  type: 'response';
  id: number;
  result: Result<unknown>;
}
export interface EventFrame {
  type: 'event';
  event: string;
  payload: unknown;
}
export type ServerFrame = ResponseFrame | EventFrame;

/** What every request still in flight resolves to when its socket closes. */
export const CONNECTION_LOST: StudioError = {
  code: 'internal',
  message: 'connection to Distill Studio lost',
};

export function encodeRequest(id: number, channel: string, input: unknown): string {
  const frame: RequestFrame = { type: 'request', id, channel, input: input ?? undefined };
  return JSON.stringify(frame);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isResult(v: unknown): v is Result<unknown> {
  if (!isObject(v) || typeof v.ok !== 'boolean') return false;
  if (v.ok) return 'value' in v;
  return isObject(v.error) && typeof v.error.code === 'string' && typeof v.error.message === 'string';
}

/** Parse one server frame; anything malformed yields null (the caller ignores it). */
export function decodeServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObject(parsed)) return null;
  if (parsed.type === 'response' && typeof parsed.id === 'number' && isResult(parsed.result)) {
    return { type: 'response', id: parsed.id, result: parsed.result };
  }
  if (parsed.type === 'event' && typeof parsed.event === 'string') {
    return { type: 'event', event: parsed.event, payload: parsed.payload };
  }
  return null;
}

/** Reconnect delay for the n-th consecutive failed attempt (0-based): doubling, capped. */
export function backoffDelay(attempt: number, baseMs = 500, maxMs = 10_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
}

/** ws(s)://host/ws?token=… for a page served over http(s)://host. */
export function socketUrl(protocol: string, host: string, token: string): string {
  const scheme = protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${host}/ws?token=${encodeURIComponent(token)}`;
}

export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
export const TOKEN_STORAGE_KEY = 'distill-studio.token';

/** The page URL's `?token=` wins (and is remembered); otherwise the remembered one, if any. */
export function resolveToken(search: string, storage: TokenStorage | null): string | null {
  const fromUrl = new URLSearchParams(search).get('token');
  if (fromUrl) {
    storage?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  return storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
}
