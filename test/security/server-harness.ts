// A real `distill-studio serve` process for the security tests, plus raw-socket tools to talk to
// it below the level of any HTTP or WebSocket client: hand-written request bytes, a hand-made
// WebSocket handshake and hand-built frames (so malformed ones can be sent at all).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServeProcess {
  child: ChildProcess;
  port: number;
  token: string;
  /** Host header value a browser on the printed address would send. */
  host: string;
  output(): string;
  stop(): Promise<void>;
}

export function startServeProcess(args: string[] = []): Promise<ServeProcess> {
  const cli = join(ROOT, 'out', 'main', 'cli.js');
  if (!existsSync(cli)) throw new Error('out/main/cli.js is missing: run `npx electron-vite build` first');
  const dataDir = makeTempDir('distill-studio-sec-');
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    removeTempDir(dataDir);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start within 60 s:\n${log}`)), 60_000);
    const onEarlyExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with code ${code} before it was ready:\n${log}`));
    };
    child.once('exit', onEarlyExit);
    const onData = () => {
      const m = /Distill Studio running at (http:\/\/\S+)/.exec(log);
      if (!m) return;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      child.stdout.off('data', onData);
      const url = new URL(m[1]!);
      resolve({ child, port: Number(url.port), token: url.searchParams.get('token') ?? '', host: url.host, output: () => log, stop });
    };
    child.stdout.on('data', onData);
  });
}

/** True while the process runs and still answers an authenticated request. */
export async function isAlive(server: ServeProcess): Promise<boolean> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return false;
  try {
    const res = await fetch(`http://127.0.0.1:${server.port}/healthz?token=${server.token}`, { signal: AbortSignal.timeout(5000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

export interface RawReply {
  data: Buffer;
  /** The status code of the first HTTP response line, if one came back. */
  status: number | null;
  /** True when `waitMs` passed with the connection still open. */
  timedOut: boolean;
}

/** Sends `bytes` on a fresh TCP connection and collects whatever comes back until the server
 *  closes it (or accepts an upgrade) or `waitMs` passes. Resets count as a close, not a failure. */
export function rawExchange(port: number, bytes: Buffer | string, waitMs = 1500): Promise<RawReply> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    let done = false;
    let timedOut = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const data = Buffer.concat(chunks);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(data.subarray(0, 16).toString('latin1'));
      resolve({ data, status: m ? Number(m[1]) : null, timedOut });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      finish();
    }, waitMs);
    socket.on('data', (d) => {
      chunks.push(d);
      // an accepted upgrade stays open: its head is the whole answer
      const head = Buffer.concat(chunks).toString('latin1');
      if (head.startsWith('HTTP/1.1 101') && head.includes('\r\n\r\n')) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', () => socket.write(bytes));
  });
}

export function upgradeRequest(host: string, path: string, headers: Record<string, string> = {}): string {
  const all: Record<string, string> = {
    Host: host,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...headers,
  };
  const lines = Object.entries(all)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`);
  return `GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

export interface RawSocket {
  socket: Socket;
  /** Bytes received after the 101 response. */
  received(): Buffer;
  /** Resolves when the server closes the connection or sends a close frame (or after
   *  `waitMs`, with false). */
  closed(waitMs?: number): Promise<boolean>;
}

/** Completes a WebSocket handshake by hand; rejects unless the server answers 101. */
export function openRawSocket(server: ServeProcess, headers: Record<string, string> = {}): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let upgraded = false;
    let isClosed = false;
    const closeWaiters: (() => void)[] = [];
    socket.on('error', () => undefined);
    socket.on('close', () => {
      isClosed = true;
      for (const w of closeWaiters.splice(0)) w();
      if (!upgraded) reject(new Error(`connection closed during the handshake: ${buf.toString('latin1').split('\r\n')[0]}`));
    });
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (upgraded) {
        if (closeCodeOf(buf) !== null) for (const w of closeWaiters.splice(0)) w();
        return;
      }
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      if (!head.startsWith('HTTP/1.1 101')) {
        socket.destroy();
        reject(new Error(`handshake refused: ${head.split('\r\n')[0]}`));
        return;
      }
      upgraded = true;
      buf = buf.subarray(end + 4);
      resolve({
        socket,
        received: () => buf,
        closed: (waitMs = 3000) =>
          isClosed || closeCodeOf(buf) !== null
            ? Promise.resolve(true)
            : new Promise((r) => {
                const t = setTimeout(() => r(false), waitMs);
                closeWaiters.push(() => {
                  clearTimeout(t);
                  r(true);
                });
              }),
      });
    });
    socket.on('connect', () => socket.write(upgradeRequest(server.host, `/ws?token=${server.token}`, headers)));
  });
}

export interface FrameOptions {
  fin?: boolean;
  rsv?: number; // 0..7, the three reserved bits
  mask?: boolean;
  /** Claim this payload length in the header instead of the real one. */
  declaredLength?: number;
}

/** One WebSocket frame, built byte by byte so any field can be wrong. */
export function frame(opcode: number, payload: Buffer | string, opts: FrameOptions = {}): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const { fin = true, rsv = 0, mask = true } = opts;
  const len = opts.declaredLength ?? body.length;
  const head: number[] = [(fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f)];
  const maskBit = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (len < 126) head.push(maskBit | len);
  else if (len < 65536) {
    head.push(maskBit | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(len);
  } else {
    head.push(maskBit | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(len));
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ext, body]);
  const key = randomBytes(4);
  const masked = Buffer.from(body);
  for (let i = 0; i < masked.length; i++) masked[i]! ^= key[i % 4]!;
  return Buffer.concat([Buffer.from(head), ext, key, masked]);
}

/** The frames the server sent (unmasked, as ws sends them), up to the first incomplete one. */
function serverFrames(received: Buffer): { opcode: number; payload: Buffer }[] {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let i = 0;
  while (i + 2 <= received.length) {
    const opcode = received[i]! & 0x0f;
    let len = received[i + 1]! & 0x7f;
    let off = i + 2;
    if (len === 126) {
      len = received.readUInt16BE(off);
      off += 2;
    } else if (len === 127) {
      len = Number(received.readBigUInt64BE(off));
      off += 8;
    }
    if (off + len > received.length) break;
    frames.push({ opcode, payload: received.subarray(off, off + len) });
    i = off + len;
  }
  return frames;
}

/** The close code in the first close frame the server sent, if any. */
export function closeCodeOf(received: Buffer): number | null {
  const close = serverFrames(received).find((f) => f.opcode === 0x8);
  if (!close) return null;
  return close.payload.length >= 2 ? close.payload.readUInt16BE(0) : 1005;
}

/** The JSON text frames the server sent (unfragmented, as ws sends them). */
export function textMessages(received: Buffer): unknown[] {
  return serverFrames(received)
    .filter((f) => f.opcode === 0x1)
    .map((f) => JSON.parse(f.payload.toString('utf8')));
}
