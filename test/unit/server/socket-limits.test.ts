// The WebSocket side of browser mode with stand-in services, for what a real data folder
// cannot provoke on demand: a handler that throws, a client with too many requests in flight,
// too many sockets, and an Origin header from elsewhere.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, MAX_SOCKETS, type RunningServer } from '../../../src-main/server/serve';
import { MAX_IN_FLIGHT } from '../../../src-main/server/socket-connection';
import type { StudioServices } from '../../../src-main/services/studio-services';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
let server: RunningServer;
let invoke: (channel: string, input: unknown) => Promise<unknown>;

beforeEach(async () => {
  const renderer = join(tempDir(), 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
  const services = { invoke: (c: string, i: unknown) => invoke(c, i), onEvent: () => () => undefined } as unknown as StudioServices;
  server = await startServer({ services, rendererDir: renderer, port: 0 });
});

afterEach(async () => {
  await server.close();
});

function connect(origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const nextMessage = (ws: WebSocket) => new Promise<any>((r) => ws.once('message', (d) => r(JSON.parse(String(d)))));
const closeCode = (ws: WebSocket) => new Promise<number>((r) => ws.once('close', (code) => r(code)));
const request = (id: number) => JSON.stringify({ type: 'request', id, channel: 'runs:list', input: {} });

describe('browser-mode WebSocket limits', () => {
  it('answers internal when a handler throws, and keeps serving the socket', async () => {
    invoke = async () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    const ws = await connect();
    ws.send(request(1));
    expect(await nextMessage(ws)).toEqual({
      type: 'response',
      id: 1,
      result: { ok: false, error: { code: 'internal', message: 'request failed: Maximum call stack size exceeded' } },
    });
    invoke = async () => ({ ok: true, value: [] });
    ws.send(request(2));
    expect(await nextMessage(ws)).toEqual({ type: 'response', id: 2, result: { ok: true, value: [] } });
    ws.close();
  });

  it(`closes with 1008 past ${MAX_IN_FLIGHT} unanswered requests`, async () => {
    invoke = () => new Promise(() => undefined); // never answers
    const ws = await connect();
    const closed = closeCode(ws);
    for (let id = 0; id <= MAX_IN_FLIGHT; id++) ws.send(request(id));
    expect(await closed).toBe(1008);
  });

  it(`refuses socket number ${MAX_SOCKETS + 1} with 503`, async () => {
    invoke = async () => ({ ok: true, value: [] });
    const open = await Promise.all(Array.from({ length: MAX_SOCKETS }, () => connect()));
    await expect(connect()).rejects.toThrow(/503/);
    for (const ws of open) ws.close();
  });

  it('refuses a WebSocket from another origin with 403 and accepts the served one', async () => {
    await expect(connect(`http://127.0.0.1:${server.port + 1}`)).rejects.toThrow(/403/);
    (await connect(`http://localhost:${server.port}`)).close();
  });
});
