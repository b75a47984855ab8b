// A real `distill-studio serve` child process and a WebSocket client for it: requests with
// responses, and events. Used by integration tests that need a live owner of a data folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import WebSocket from 'ws';
import { cliBin, projectRoot } from './built-app';

export interface ServeProcess {
  proc: ChildProcess;
  url: URL;
  output(): string;
}

/** Starts `serve`; resolves when it prints its address, rejects (with its output) if it exits first. */
export function startServe(dataDir: string, timeoutMs = 60_000): Promise<ServeProcess> {
  const proc = spawn(process.execPath, [cliBin, 'serve', '--port', '0', '--data-dir', dataDir], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), timeoutMs);
    proc.stdout.setEncoding('utf8').on('data', (t: string) => {
      out += t;
      const m = /Distill Studio running at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: new URL(m[1]!), output: () => out });
      }
    });
    proc.stderr.setEncoding('utf8').on('data', (t: string) => (out += t));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`serve exited early (${code}): ${out}`), { exitCode: code, output: out }));
    });
  });
}

export function exited(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
  return new Promise((r) => proc.once('exit', (code) => r(code)));
}

/** Stops a serve process the way a user does (Ctrl-C) and waits for it. */
export async function stopServe(s: ServeProcess | null): Promise<void> {
  if (!s || s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  s.proc.kill('SIGINT');
  await exited(s.proc);
}

export interface WsClient {
  request<T = unknown>(channel: string, input?: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>;
  onEvent(listener: (event: string, payload: any) => void): () => void;
  waitFor<T = any>(event: string, match: (payload: any) => boolean, timeoutMs?: number): Promise<T>;
  close(): void;
}

export async function connect(url: URL): Promise<WsClient> {
  const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`);
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  let next = 1;
  const pending = new Map<number, (result: any) => void>();
  const listeners = new Set<(event: string, payload: any) => void>();
  ws.on('message', (d) => {
    const msg = JSON.parse(String(d));
    if (msg.type === 'response') pending.get(msg.id)?.(msg.result);
    else if (msg.type === 'event') for (const l of listeners) l(msg.event, msg.payload);
  });
  const client: WsClient = {
    request(channel, input) {
      const id = next++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ type: 'request', id, channel, input }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitFor(event, match, timeoutMs = 240_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => (off(), reject(new Error(`no ${event} within ${timeoutMs} ms`))), timeoutMs);
        const off = client.onEvent((e, p) => {
          if (e === event && match(p)) {
            clearTimeout(timer);
            off();
            resolve(p);
          }
        });
      });
    },
    close: () => ws.terminate(),
  };
  return client;
}

/** Runs the CLI to completion. */
export function cli(args: string[]) {
  const r = spawnSync(process.execPath, [cliBin, ...args], { cwd: projectRoot, encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** PIDs of a process's direct children (Linux /proc; empty elsewhere). */
export function childPids(pid: number): number[] {
  const r = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  return r.status === 0
    ? r.stdout
        .split('\n')
        .map((l) => Number(l.trim()))
        .filter((n) => n > 0)
    : [];
}

export const pidAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * The PID of the worker that trains `runId`, as the supervisor recorded it (runs.worker_pid),
 * waiting for it to be written. The process tree alone cannot tell the worker from the backend
 * probe, which may still be loading TensorFlow next to it.
 */
export async function recordedWorkerPid(dataDir: string, runId: string, timeoutMs = 30_000): Promise<number> {
  const db = new Database(join(dataDir, 'studio.db'), { readonly: true });
  try {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      const row = db.prepare('SELECT worker_pid AS pid FROM runs WHERE id = ?').get(runId) as { pid: number | null } | undefined;
      if (row?.pid) return row.pid;
    }
  } finally {
    db.close();
  }
  throw new Error(`no worker PID recorded for run ${runId} within ${timeoutMs} ms`);
}
