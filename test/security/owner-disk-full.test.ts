// A full disk under a live `serve`, for real: the data folder is a small tmpfs that the test fills
// while a run trains. The run fails with a one-line reason, the server stays up and answers, the
// worker is stopped, and every metric committed before is still there. The CLI on the full disk
// prints one line. Mounting needs root; elsewhere the test is skipped with the reason.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../helpers/built-app';
import {
  childPids,
  cli,
  connect,
  exited,
  pidAlive,
  recordedWorkerPid,
  startServe,
  stopServe,
  type ServeProcess,
  type WsClient,
} from '../helpers/serve-process';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir';

let base = '';
let mount = '';
let skipReason: string | null = null;
let serve: ServeProcess | null = null;
let ws: WsClient | null = null;

beforeAll(() => {
  requireBuild();
  base = makeTempDir('distill-disk-full-');
  mount = join(base, 'data');
  mkdirSync(mount);
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    skipReason = 'needs root on Linux to mount a small tmpfs as the data folder';
    return;
  }
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mount], { encoding: 'utf8' });
  if (r.status !== 0) skipReason = `cannot mount a tmpfs here (${(r.stderr || r.error?.message || '').trim()})`;
});

afterAll(async () => {
  ws?.close();
  if (serve) {
    serve.proc.kill('SIGKILL');
    await exited(serve.proc);
  }
  if (!skipReason) spawnSync('umount', ['-l', mount]);
  removeTempDir(base);
});

/** Writes zeros until the file system says ENOSPC, in ever smaller pieces so no page is left. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [64 * 1024, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      }
    }
  } finally {
    closeSync(fd);
  }
}

const countMetrics = (id: string) => {
  const db = new Database(join(mount, 'studio.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM metrics WHERE run_id = ?').get(id) as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('disk full under a live serve', () => {
  it('fails the run with a readable reason and keeps serving', async (ctx) => {
    if (skipReason) {
      console.warn(`skipped: ${skipReason}`);
      ctx.skip();
      return;
    }
    serve = await startServe(mount);
    ws = await connect(serve.url);
    const started = await ws.request<{ id: string }>('runs:start', {
      datasetId: 'mnist-demo',
      model: 'cnn',
      epochs: 50,
      batchSize: 16,
      maxTrainSamples: 4000,
      name: 'filling',
    });
    if (!started.ok) throw new Error(started.error.message);
    const id = started.value.id;
    let batches = 0;
    await ws.waitFor('run:metrics', (p) => p.runId === id && ++batches >= 2, 120_000);
    const worker = await recordedWorkerPid(mount, id);
    expect(childPids(serve.proc.pid!)).toContain(worker);
    const before = countMetrics(id);
    expect(before).toBeGreaterThan(0);

    const ended = ws.waitFor('run:status', (p) => p.runId === id && p.status !== 'running', 120_000);
    fillDisk(join(mount, 'filler.bin'));
    const status = await ended;

    expect(status.status).toBe('failed');
    expect(status.error).toMatch(
      new RegExp(`^disk full while (saving metrics|saving the progress|writing the files) of run 'filling': free space in ${mount} and (resume|start) the run`),
    );
    expect(status.error).not.toMatch(/\n/);
    // the server is alive and answers; the worker is gone
    expect(serve.proc.exitCode).toBeNull();
    const list = await ws.request<{ id: string; status: string }[]>('runs:list', {});
    expect(list.ok).toBe(true);
    expect((await ws.request('system:info', {})).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(pidAlive(worker)).toBe(false);
    expect(serve.output()).not.toMatch(/\n\s+at .+:\d+:\d+/);

    // nothing committed is lost; with space again the run's failure is on record
    rmSync(join(mount, 'filler.bin'));
    expect(countMetrics(id)).toBeGreaterThanOrEqual(before);
    // The ending could not be written while the disk was full; it is written once there is room.
    let stored = '';
    for (let i = 0; i < 50 && stored !== 'failed'; i++) {
      const shown = await ws.request<{ status: string }>('runs:get', { id });
      stored = shown.ok ? shown.value.status : '';
      if (stored !== 'failed') await new Promise((r) => setTimeout(r, 200));
    }
    expect(stored).toBe('failed');

    // The CLI on a full disk: one line, no stack trace.
    await stopServe(serve);
    serve = null;
    fillDisk(join(mount, 'filler.bin'));
    const cfg = join(base, 'run.json');
    writeFileSync(cfg, JSON.stringify({ datasetId: 'mnist-demo', model: 'cnn', epochs: 1 }));
    const r = cli(['train', cfg, '--data-dir', mount]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^distill-studio: error: disk full while opening the data folder: free space in ${mount} and try again`));
    rmSync(join(mount, 'filler.bin'));
  }, 300_000);
});
