// Kill -9 of the serving process mid-run: after a restart of the owner (`serve` again; read-only
// commands recover nothing) the database passes integrity_check, the run is `interrupted`, and
// every metric committed before the kill is still there.
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { cliBin, projectRoot, requireBuild } from '../helpers/built-app';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir';

let dir: string;
let server: ChildProcess | null = null;

function startServe(dataDir: string): Promise<{ proc: ChildProcess; url: URL }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [cliBin, 'serve', '--port', '0', '--data-dir', dataDir], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
    proc.stdout.setEncoding('utf8').on('data', (t: string) => {
      out += t;
      const m = /Distill Studio running at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: new URL(m[1]!) });
      }
    });
    proc.stderr.setEncoding('utf8').on('data', (t: string) => (out += t));
    proc.once('exit', (code) => reject(new Error(`serve exited early (${code}): ${out}`)));
  });
}

beforeAll(() => {
  requireBuild();
  dir = makeTempDir('distill-crash-');
});
afterAll(() => {
  server?.kill('SIGKILL');
  removeTempDir(dir);
});

describe('crash recovery', () => {
  it('survives SIGKILL of the server mid-run', async () => {
    const { proc, url } = await startServe(dir);
    server = proc;
    const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`);
    await new Promise((r) => ws.once('open', r));
    const runId = await new Promise<string>((resolve, reject) => {
      ws.on('message', (d) => {
        const msg = JSON.parse(String(d));
        if (msg.type === 'response' && msg.id === 1) {
          if (msg.result.ok) resolve(msg.result.value.id);
          else reject(new Error(msg.result.error.message));
        }
      });
      ws.send(
        JSON.stringify({
          type: 'request',
          id: 1,
          channel: 'runs:start',
          input: { datasetId: 'mnist-demo', model: 'cnn', epochs: 20, batchSize: 16, maxTrainSamples: 4000, name: 'doomed' },
        }),
      );
    });
    // Wait until several metric batches have been written.
    let batches = 0;
    await new Promise<void>((resolve) => {
      ws.on('message', (d) => {
        const msg = JSON.parse(String(d));
        if (msg.type === 'event' && msg.event === 'run:metrics' && msg.payload.runId === runId && ++batches >= 3) resolve();
      });
    });
    const reader = new Database(join(dir, 'studio.db'), { readonly: true });
    const committed = (reader.prepare('SELECT count(*) AS n FROM metrics WHERE run_id = ?').get(runId) as { n: number }).n;
    reader.close();
    expect(committed).toBeGreaterThan(0);

    proc.kill('SIGKILL');
    await new Promise((r) => proc.once('exit', r));
    ws.terminate();
    server = null;

    // Restart the owner (it takes over the dead serve's lock and recovers), stop it, then inspect.
    const again = await startServe(dir);
    server = again.proc;
    again.proc.kill('SIGINT');
    await new Promise((r) => again.proc.once('exit', r));
    server = null;
    const shown = spawnSync(process.execPath, [cliBin, 'runs', 'show', runId, '--json', '--data-dir', dir], { cwd: projectRoot, encoding: 'utf8' });
    expect(shown.status).toBe(0);
    const run = JSON.parse(shown.stdout);
    expect(run.status).toBe('interrupted');
    expect(run.error).toMatch(/stopped while this run was training/);

    const db = new Database(join(dir, 'studio.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const after = (db.prepare('SELECT count(*) AS n FROM metrics WHERE run_id = ?').get(runId) as { n: number }).n;
    db.close();
    expect(after).toBeGreaterThanOrEqual(committed);
  }, 300_000);
});
