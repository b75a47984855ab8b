// Browser mode over real HTTP and WebSocket on loopback, against real services (temp data
// folder, real SQLite): token checks, static files, request/response, errors as data, events.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { REQUEST_CHANNELS } from '../../../shared/contract';
import { startServer, type RunningServer } from '../../../src-main/server/serve';
import { bootServices } from '../../../src-main/services/boot';
import type { StudioServices } from '../../../src-main/services/studio-services';
import { makeTempDir, removeTempDir } from '../../helpers/temp-dir';

let dir: string;
let services: StudioServices;
let server: RunningServer;
let base: string;

beforeAll(async () => {
  dir = makeTempDir();
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Distill Studio</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  services = await bootServices({
    dataDir: join(dir, 'data'),
    mode: 'browser',
    probeBackend: false,
    spawnWorker: () => {
      throw new Error('no workers in this test');
    },
  });
  server = await startServer({ services, rendererDir: renderer, port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await services.shutdown({ graceMs: 100 });
  removeTempDir(dir);
});

function connect(query: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function request(
  ws: WebSocket,
  id: number,
  channel: string,
  input?: unknown,
): Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data));
      if (msg.type === 'response' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'request', id, channel, input }));
  });
}

describe('browser mode HTTP', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[0-9a-f]{48}$`));
  });

  it('answers 401 with an explanation when the token is missing or wrong', async () => {
    for (const path of ['/', '/assets/app.js', `/?token=${'0'.repeat(48)}`]) {
      const res = await fetch(base + path);
      expect(res.status).toBe(401);
      expect(await res.text()).toMatch(/token/);
    }
  });

  it('serves the app with the token, sets a cookie, and then serves assets with the cookie', async () => {
    const res = await fetch(`${base}/?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/);
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00']) {
      const res = await fetch(`${base}${path}${path.includes('?') ? '&' : '?'}token=${server.token}`);
      expect(res.status).toBe(404);
    }
  });
});

describe('browser mode WebSocket contract', () => {
  it('refuses a socket without the token', async () => {
    await expect(connect('')).rejects.toThrow(/401/);
    await expect(connect('?token=nope')).rejects.toThrow(/401/);
  });

  it('answers every contract channel (none is unknown) and refuses unknown ones', async () => {
    const ws = await connect(`?token=${server.token}`);
    let id = 1;
    for (const channel of REQUEST_CHANNELS) {
      const result = await request(ws, id++, channel, {});
      if (!result.ok) expect(result.error!.code).not.toBe('unknown_channel');
    }
    const unknown = await request(ws, id, 'runs:explode', {});
    expect(unknown).toEqual({ ok: false, error: { code: 'unknown_channel', message: "unknown request channel 'runs:explode'" } });
    ws.close();
  });

  it('returns the demo dataset and readable errors as data', async () => {
    const ws = await connect(`?token=${server.token}`);
    const list = await request(ws, 1, 'datasets:list');
    expect(list.ok).toBe(true);
    expect(list.value).toHaveLength(1);
    expect(list.value[0]).toMatchObject({ id: 'mnist-demo', numClasses: 10, numSamples: 10000, shape: [28, 28, 1] });
    const missing = await request(ws, 2, 'runs:get', { id: 'no-such-run' });
    expect(missing).toEqual({ ok: false, error: { code: 'not_found', message: "no run with id 'no-such-run'" } });
    const bad = await request(ws, 3, 'runs:start', { datasetId: 'mnist-demo', model: 'cnn', epochs: 0 });
    expect(bad.ok).toBe(false);
    expect(bad.error!.code).toBe('invalid_input');
    expect(bad.error!.message).toMatch(/epochs/);
    ws.send('not json');
    const garbage = await new Promise<any>((r) => ws.once('message', (d) => r(JSON.parse(String(d)))));
    expect(garbage.result.error.code).toBe('invalid_input');
    ws.close();
  });
});
