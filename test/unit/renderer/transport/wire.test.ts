import { describe, expect, it } from 'vitest';
import {
  CONNECTION_LOST,
  TOKEN_STORAGE_KEY,
  backoffDelay,
  decodeServerFrame,
  encodeRequest,
  resolveToken,
  socketUrl,
} from '../../../../src-renderer/lib/transport/wire';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data,
  };
}

describe('wire format', () => {
  it('encodes a request frame', () => {
    expect(JSON.parse(encodeRequest(7, 'runs:get', { id: 'r1' }))).toEqual({
      type: 'request',
      id: 7,
      channel: 'runs:get',
      input: { id: 'r1' },
    });
  });

  it('omits an absent input', () => {
    expect(JSON.parse(encodeRequest(1, 'system:info', undefined))).toEqual({
      type: 'request',
      id: 1,
      channel: 'system:info',
    });
  });

  it('decodes responses and events', () => {
    expect(decodeServerFrame('{"type":"response","id":3,"result":{"ok":true,"value":[1]}}')).toEqual({
      type: 'response',
      id: 3,
      result: { ok: true, value: [1] },
    });
    const failed = '{"type":"response","id":4,"result":{"ok":false,"error":{"code":"not_found","message":"no run x"}}}';
    expect(decodeServerFrame(failed)).toEqual({
      type: 'response',
      id: 4,
      result: { ok: false, error: { code: 'not_found', message: 'no run x' } },
    });
    expect(decodeServerFrame('{"type":"event","event":"run:progress","payload":{"runId":"a"}}')).toEqual({
      type: 'event',
      event: 'run:progress',
      payload: { runId: 'a' },
    });
  });

  it('rejects malformed frames instead of throwing', () => {
    for (const bad of [
      'not json',
      '42',
      'null',
      '{"type":"response","id":"3","result":{"ok":true,"value":1}}',
      '{"type":"response","id":3,"result":{"ok":true}}',
      '{"type":"response","id":3,"result":{"ok":false,"error":{"code":"x"}}}',
      '{"type":"event","payload":{}}',
      '{"type":"other"}',
    ]) {
      expect(decodeServerFrame(bad), bad).toBeNull();
    }
    expect(decodeServerFrame(new Uint8Array([1, 2]))).toBeNull();
  });

  it('backs off by doubling up to a cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n))).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
    expect(backoffDelay(3, 100, 500)).toBe(500);
  });

  it('builds the socket URL from the page location', () => {
    expect(socketUrl('http:', '127.0.0.1:5173', 'ab cd')).toBe('ws://127.0.0.1:5173/ws?token=ab%20cd');
    expect(socketUrl('https:', 'gpu-box:443', 't')).toBe('wss://gpu-box:443/ws?token=t');
  });

  it('takes the token from the URL and remembers it for reloads', () => {
    const storage = memoryStorage();
    expect(resolveToken('?token=abc', storage)).toBe('abc');
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe('abc');
    expect(resolveToken('', storage)).toBe('abc');
    expect(resolveToken('?token=new', storage)).toBe('new');
    expect(resolveToken('', memoryStorage())).toBeNull();
    expect(resolveToken('?x=1', null)).toBeNull();
  });

  it('describes a lost connection as an internal error', () => {
    expect(CONNECTION_LOST).toEqual({ code: 'internal', message: 'connection to Distill Studio lost' });
  });
});
