// Browser mode: the built renderer over HTTP plus the same contract over one WebSocket (`/ws`).
// Loopback-only unless the caller asks for another host. Every request passes, in order: the
// Host check (host-policy.ts), a request target that parses, the Origin check (WebSocket), the
// token (auth.ts). Malformed input at any step is an HTTP error answer, never an exception.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { StudioServices } from '../services/studio-services';
import { authCookie, checkToken, newToken } from './auth';
import { createHostPolicy, hostHeader, type HostPolicy } from './host-policy';
import { isWildcardHost, urlHost } from './network-addresses';
import { onClientError, writeAndClose } from './raw-replies';
import { parseTarget } from './request-target';
import { BASE_HEADERS, contentSecurityPolicy } from './security-headers';
import { attachConnection, sendText } from './socket-connection';
import { resolveStatic, sendFile } from './static-files';
import { encodeEvent } from './wire';

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
  /** Every `name:port` the server answers to (Host and Origin checks). */
  hosts: ReadonlySet<string>;
  close(): Promise<void>;
}

/** WebSocket frames are JSON requests; nothing legitimate comes near this. */
export const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;
/** Open WebSockets at once (a browser tab holds one). */
export const MAX_SOCKETS = 64;

const UNAUTHORIZED = 'open the address printed by `distill-studio serve` (it ends in ?token=…)';
const MISDIRECTED = 'this server does not answer to that Host; open the address printed by `distill-studio serve`';

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${status} ${message}\n`);
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newToken();
  const sockets = new Set<WebSocket>();
  let port = 0;
  let policy: HostPolicy = createHostPolicy(host, 0); // replaced once the port is known

  const handleRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (!policy.hostAllowed(hostHeader(req))) return reply(res, 421, `Misdirected Request: ${MISDIRECTED}`);
    const target = parseTarget(req.url);
    if (!target) return reply(res, 400, 'Bad Request: malformed request target');
    const auth = checkToken(req, target.query, token, port);
    if (!auth) return reply(res, 401, `Unauthorized: ${UNAUTHORIZED}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'Method Not Allowed');
    if (target.pathname === '/healthz') {
      res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': 'application/json' }).end('{"ok":true}');
      return;
    }
    const file = resolveStatic(opts.rendererDir, target.pathname);
    if (!file) return reply(res, 404, 'Not found');
    const headers: Record<string, string> = {
      ...BASE_HEADERS,
      'Content-Security-Policy': contentSecurityPolicy(req.headers.host!.toLowerCase()),
      'Cache-Control': 'no-cache',
    };
    if (auth === 'query') headers['Set-Cookie'] = authCookie(token, port);
    sendFile(res, file, headers);
  };

  const http = createServer((req, res) => {
    try {
      handleRequest(req, res);
    } catch {
      // every input is checked above; this is a last line so a bug answers 500, not exits
      if (!res.headersSent) reply(res, 500, 'Internal Server Error');
      else res.destroy();
    }
  });
  http.on('clientError', onClientError);
  // Without a listener Node drops CONNECT silently; say why instead.
  http.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    writeAndClose(socket, 405, 'this server is not a proxy');
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });
  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (!policy.hostAllowed(hostHeader(req))) return writeAndClose(socket, 421, MISDIRECTED);
    const target = parseTarget(req.url);
    if (!target) return writeAndClose(socket, 400, 'malformed request target');
    if (!policy.originAllowed(req.headers.origin)) return writeAndClose(socket, 403, 'cross-origin WebSocket refused');
    if (target.pathname !== '/ws') return writeAndClose(socket, 404, 'the WebSocket is at /ws');
    if (!checkToken(req, target.query, token, port)) return writeAndClose(socket, 401, UNAUTHORIZED);
    if (sockets.size >= MAX_SOCKETS) return writeAndClose(socket, 503, `more than ${MAX_SOCKETS} open connections`);
    // ws itself answers 400 to a bad Sec-WebSocket-Key or version.
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      attachConnection(ws, opts.services);
    });
  };
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node removes its own error listener from an upgraded socket: a reset before ws takes
    // over would otherwise be an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    try {
      handleUpgrade(req, socket, head);
    } catch {
      writeAndClose(socket, 500, 'internal error');
    }
  });

  const unsubscribe = opts.services.onEvent((event, payload) => {
    const text = encodeEvent(event, payload);
    for (const ws of sockets) sendText(ws, text);
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  // After listen, errors (an accept failing for lack of file descriptors) are reported, not fatal.
  http.on('error', (e) => process.stderr.write(`browser mode: ${e.message}\n`));
  port = (http.address() as AddressInfo).port;
  policy = createHostPolicy(host, port);
  const shownHost = isWildcardHost(host) ? '127.0.0.1' : urlHost(host);
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    hosts: policy.hosts,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}
