// A worker killed mid-run (the OOM killer, `kill -9`): with a checkpoint on disk the run is
// `interrupted` and resumes from it; without one it is `failed`. Either way the reason is how the
// worker ended and its last real error, never the TF.js console banner.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { crashLine, workerExitReason } from '../../src-main/training/host/crash-reason';
import { requireBuild } from '../helpers/built-app';
import { childPids, connect, exited, recordedWorkerPid, startServe, type ServeProcess, type WsClient } from '../helpers/serve-process';
import { useTempDirs } from '../helpers/temp-dir';

const BANNER =
  '\n============================\nHi, looks like you are running TensorFlow.js in Node.js. To speed things up dramatically, install our node backend, visit https://github.com/tensorflow/tfjs-node for more details. \n============================\n';
const NOISE = /Hi,|Hi there|={5,}|TensorFlow\.js in Node\.js|oneDNN|already registered/;

describe('crash reasons', () => {
  it('skip the TF.js banner, oneDNN notices, backend warnings and stack frames', () => {
    const out = `${BANNER}2026-12-04 10:00:00.123456: I tensorflow/core/util/port.cc:113] oneDNN custom operations are on.\ncpu backend was already registered. Reusing existing backend factory.\nRangeError: Array buffer allocation failed\n    at new ArrayBuffer (<anonymous>)\n    at Object.f (/w.js:1:2)\nNode.js v22.23.3\n`;
    expect(crashLine(out)).toBe('RangeError: Array buffer allocation failed');
    expect(crashLine(BANNER)).toBe('');
    expect(workerExitReason(null, 'SIGKILL', null, BANNER)).toBe('training worker was killed (SIGKILL)');
    expect(workerExitReason(134, null, null, `${BANNER}Error: bad_alloc: out of memory\n`)).toBe(
      'training worker exited with code 134; last error: Error: bad_alloc: out of memory',
    );
  });
});

const tempDir = useTempDirs('distill-crash-reason-');
let serve: ServeProcess | null = null;
let ws: WsClient | null = null;
beforeAll(() => requireBuild());
afterEach(async () => {
  ws?.close();
  serve?.proc.kill('SIGKILL');
  if (serve) await exited(serve.proc);
  serve = null;
});

/** Kills the worker that trains `runId` (the PID recorded for it, a child of `serve`). */
async function killWorkerOf(s: ServeProcess, dir: string, runId: string): Promise<number> {
  const pid = await recordedWorkerPid(dir, runId);
  expect(childPids(s.proc.pid!)).toContain(pid);
  process.kill(pid, 'SIGKILL');
  return pid;
}

describe('a killed training worker', () => {
  it('with a checkpoint: interrupted with a clean reason, and resumable from the checkpoint', async () => {
    const dir = tempDir();
    serve = await startServe(dir);
    ws = await connect(serve.url);
    const started = await ws.request<{ id: string }>('runs:start', {
      datasetId: 'mnist-demo',
      model: 'cnn',
      epochs: 40,
      batchSize: 32,
      maxTrainSamples: 256,
      name: 'killed',
    });
    if (!started.ok) throw new Error(started.error.message);
    const id = started.value.id;
    const deadline = Date.now() + 120_000;
    while (!existsSync(join(dir, 'runs', id, 'checkpoint', 'state.json')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await ws.waitFor('run:metrics', (p) => p.runId === id, 60_000); // steps after the checkpoint are stored
    const ended = ws.waitFor('run:status', (p) => p.runId === id && p.status !== 'running', 60_000);
    await killWorkerOf(serve, dir, id);
    const status = await ended;
    expect(status.status).toBe('interrupted');
    expect(status.error).toMatch(/^training worker was killed \(SIGKILL\)/);
    expect(status.error).toMatch(/resume continues from the last checkpoint/);
    expect(status.error).not.toMatch(NOISE);

    const resumedLog = ws.waitFor('run:log', (p) => p.runId === id && /resumed at epoch \d+/.test(p.message), 120_000);
    const resumed = await ws.request('runs:resume', { id });
    expect(resumed.ok).toBe(true);
    await resumedLog;
    // The steps after the checkpoint that the killed worker had stored are trained again: each
    // step is still recorded once.
    await ws.waitFor('run:metrics', (p) => p.runId === id, 60_000);
    const stopped = ws.waitFor('run:status', (p) => p.runId === id && p.status === 'cancelled', 60_000);
    await ws.request('runs:cancel', { id });
    await stopped;
    const db = new Database(join(dir, 'studio.db'), { readonly: true });
    const repeated = db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM metrics WHERE run_id = ? GROUP BY key, step HAVING count(*) > 1)').get(id) as {
      n: number;
    };
    db.close();
    expect(repeated.n).toBe(0);
  }, 300_000);

  it('before its first checkpoint: failed with a clean reason; resume says why not', async () => {
    const dir = tempDir();
    serve = await startServe(dir);
    ws = await connect(serve.url);
    const started = await ws.request<{ id: string }>('runs:start', {
      datasetId: 'mnist-demo',
      model: 'cnn',
      epochs: 5,
      batchSize: 8,
      maxTrainSamples: 8000,
      name: 'killed early',
    });
    if (!started.ok) throw new Error(started.error.message);
    const id = started.value.id;
    await ws.waitFor('run:progress', (p) => p.runId === id, 120_000);
    const ended = ws.waitFor('run:status', (p) => p.runId === id && p.status !== 'running', 60_000);
    await killWorkerOf(serve, dir, id);
    const status = await ended;
    expect(status.status).toBe('failed');
    expect(status.error).toBe('training worker was killed (SIGKILL)');
    const resumed = await ws.request('runs:resume', { id });
    expect(resumed.ok).toBe(false);
    expect(!resumed.ok && resumed.error.message).toMatch(/failed before its first checkpoint/);
  }, 300_000);
});
