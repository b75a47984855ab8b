// Browser mode: the built renderer over HTTP plus the same contract over one WebSocket (`/ws`).
// Loopback-only unless the caller asks for another host; every request needs the token.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { StudioServices } from '../services/studio-services';
import { isRequestChannel } from '../services/dispatch';
import { authCookie, checkToken, newToken } from './auth';
import { resolveStatic, sendFile } from './static-files';
import { decodeClientFrame, encodeEvent, encodeResponse } from './wire';

export interface ServeOptions {
  services: StudioServices;
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
}

export interface RunningServer {
  url: string; // with ?token=
  port: number;
  token: string;
  close(): Promise<void>;
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function unauthorized(res: ServerResponse): void {
  res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('401 Unauthorized: open the address printed by `distill-studio serve` (it ends in ?token=…).\n');
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newToken();
  const sockets = new Set<WebSocket>();

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const auth = checkToken(req, token);
    if (!auth) return unauthorized(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
      return;
    }
    const file = resolveStatic(opts.rendererDir, path);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 Not found\n');
      return;
    }
    const headers: Record<string, string> = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };
    if (auth === 'query') headers['Set-Cookie'] = authCookie(token);
    sendFile(res, file, headers);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  http.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/ws' || !checkToken(req, token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', async (data) => {
      const frame = decodeClientFrame(String(data));
      if (!frame.ok) {
        ws.send(encodeResponse(frame.id, { ok: false, error: { code: 'invalid_input', message: frame.message } }));
        return;
      }
      const { id, channel, input } = frame;
      const result = isRequestChannel(channel)
        ? await opts.services.invoke(channel, input)
        : { ok: false as const, error: { code: 'unknown_channel' as const, message: `unknown request channel '${channel}'` } };
      if (ws.readyState === ws.OPEN) ws.send(encodeResponse(id, result));
    });
  });

  const unsubscribe = opts.services.onEvent((event, payload) => {
    const text = encodeEvent(event, payload);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}
