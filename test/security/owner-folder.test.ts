// One data folder, one owner, with real processes and a real SQLite file: read-only commands next
// to a live `serve` change nothing and start nothing; a second owner is refused with a message
// naming the first; a stale lock is taken over by exactly one of two owners racing for it; after
// kill -9 of the owner the next owner stops the orphaned worker and marks the run interrupted.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliBin, projectRoot, requireBuild } from '../helpers/built-app';
import { cli, connect, exited, pidAlive, startServe, stopServe, type ServeProcess, type WsClient } from '../helpers/serve-process';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('distill-owner-');
const live: ServeProcess[] = [];
const clients: WsClient[] = [];

beforeAll(() => requireBuild());
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of live.splice(0)) {
    s.proc.kill('SIGKILL');
    await exited(s.proc);
  }
});

const RUN = { datasetId: 'mnist-demo', model: 'cnn', epochs: 50, batchSize: 16, maxTrainSamples: 2000 };

async function serveWithRun(dir: string, extra: Record<string, unknown> = {}) {
  const s = await startServe(dir);
  live.push(s);
  const ws = await connect(s.url);
  clients.push(ws);
  const started = await ws.request<{ id: string }>('runs:start', { ...RUN, name: 'long', ...extra });
  if (!started.ok) throw new Error(started.error.message);
  const id = started.value.id;
  await ws.waitFor('run:metrics', (p) => p.runId === id, 120_000);
  return { s, ws, id };
}

function dbRow(dir: string, sql: string, ...args: unknown[]): any {
  const db = new Database(join(dir, 'studio.db'), { readonly: true });
  try {
    return db.prepare(sql).get(...args);
  } finally {
    db.close();
  }
}

describe('one data folder, one owner', () => {
  it('read-only commands next to a live serve neither interrupt its run nor start queued ones', async () => {
    const dir = tempDir();
    const { ws, id } = await serveWithRun(dir);
    const queued = await ws.request<{ id: string }>('runs:start', { ...RUN, name: 'waiting' });
    if (!queued.ok) throw new Error(queued.error.message);

    const list = cli(['runs', 'list', '--json', '--data-dir', dir]);
    expect(list.code, list.stderr).toBe(0);
    const show = cli(['runs', 'show', id, '--json', '--data-dir', dir]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stderr).toBe(''); // the run does train: no note
    expect(JSON.parse(show.stdout).status).toBe('running');
    expect(cli(['datasets', 'list', '--json', '--data-dir', dir]).code).toBe(0);
    const out = join(dir, 'metrics.json');
    expect(cli(['export', id, '--format', 'json', '--out', out, '--data-dir', dir]).code).toBe(0);

    expect(dbRow(dir, 'SELECT status FROM runs WHERE id = ?', id).status).toBe('running');
    expect(dbRow(dir, 'SELECT status FROM runs WHERE id = ?', queued.value.id).status).toBe('queued');
    // …and the serve's run still trains: more metrics arrive after the commands ran.
    await ws.waitFor('run:metrics', (p) => p.runId === id, 60_000);
    // a reader refuses to change anything itself
    expect(cli(['runs', 'show', queued.value.id, '--json', '--data-dir', dir]).stdout).toMatch(/"status": "queued"/);
  }, 300_000);

  it('a second owner is refused with a message naming the first; the run is not trained twice', async () => {
    const dir = tempDir();
    const { s, ws, id } = await serveWithRun(dir);
    const second = await startServe(dir).then(
      (p) => (live.push(p), null),
      (e: { exitCode: number; output: string }) => e,
    );
    expect(second, 'the second serve must not start').not.toBeNull();
    expect(second!.exitCode).toBe(3);
    expect(second!.output).toMatch(
      new RegExp(
        `data folder ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by \`distill-studio serve\` \\(PID ${s.proc.pid}, since \\d\\d:\\d\\d:\\d\\d\\); stop it or use another --data-dir`,
      ),
    );
    expect(second!.output).not.toMatch(/\n\s+at /);

    const cfg = join(dir, 'run.json');
    writeFileSync(cfg, JSON.stringify({ ...RUN, epochs: 1 }));
    const train = cli(['train', cfg, '--data-dir', dir]);
    expect(train.code).toBe(3);
    expect(train.stderr).toMatch(/is in use by `distill-studio serve`/);

    expect(dbRow(dir, 'SELECT status FROM runs WHERE id = ?', id).status).toBe('running');
    await ws.waitFor('run:metrics', (p) => p.runId === id, 60_000);
    const dup = dbRow(dir, 'SELECT count(*) AS n FROM (SELECT 1 FROM metrics WHERE run_id = ? GROUP BY key, step HAVING count(*) > 1)', id);
    expect(dup.n).toBe(0);
    const lock = JSON.parse(readFileSync(join(dir, 'owner.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: s.proc.pid, command: 'distill-studio serve', hostname: hostname() });

    await stopServe(s);
    expect(existsSync(join(dir, 'owner.lock'))).toBe(false); // released on a clean stop
  }, 300_000);

  it('a stale lock (dead owner) is taken over by exactly one of two owners started together', async () => {
    for (let round = 0; round < 2; round++) {
      const dir = tempDir();
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      const stale = {
        pid: Number(dead.stdout),
        command: 'distill-studio serve',
        startedAt: new Date().toISOString(),
        hostname: hostname(),
        processStart: null,
        token: 'old',
      };
      if (round === 0) writeFileSync(join(dir, 'owner.lock'), JSON.stringify(stale));
      const results = await Promise.allSettled([startServe(dir), startServe(dir)]);
      const winners = results.filter((r): r is PromiseFulfilledResult<ServeProcess> => r.status === 'fulfilled').map((r) => r.value);
      live.push(...winners);
      const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as { exitCode: number; output: string });
      expect(winners, `round ${round}: ${losers.map((l) => l.output).join(' / ')}`).toHaveLength(1);
      expect(losers[0]!.exitCode).toBe(3);
      expect(losers[0]!.output).toMatch(new RegExp(`in use by \`distill-studio serve\` \\(PID ${winners[0]!.proc.pid},`));
      expect(JSON.parse(readFileSync(join(dir, 'owner.lock'), 'utf8')).pid).toBe(winners[0]!.proc.pid);
    }
  }, 300_000);

  it('after kill -9 of the owner, the next owner stops the orphaned worker and marks the run interrupted', async () => {
    const dir = tempDir();
    const { s, id } = await serveWithRun(dir);
    const worker = dbRow(dir, 'SELECT worker_pid FROM runs WHERE id = ?', id).worker_pid as number;
    expect(worker).toBeGreaterThan(0);
    expect(worker).not.toBe(s.proc.pid);
    process.kill(worker, 'SIGSTOP'); // an orphan that does not notice its owner is gone
    s.proc.kill('SIGKILL');
    await exited(s.proc);

    // A reader does not recover: it reports what is stored, says so, and leaves the orphan alone.
    const shown = cli(['runs', 'show', id, '--json', '--data-dir', dir]);
    expect(JSON.parse(shown.stdout).status).toBe('running');
    expect(shown.stderr).toMatch(/^note: no Distill Studio process owns this data folder, so runs shown as running are not training/);
    expect(pidAlive(worker)).toBe(true);

    const next = await startServe(dir); // the stale lock of the killed serve is taken over
    live.push(next);
    expect(pidAlive(worker)).toBe(false);
    const run = dbRow(dir, 'SELECT status, error, worker_pid FROM runs WHERE id = ?', id);
    expect(run.status).toBe('interrupted');
    expect(run.error).toMatch(new RegExp(`stopped while this run was training .*orphaned worker \\(PID ${worker}\\) was stopped`));
    expect(run.worker_pid).toBeNull();
  }, 300_000);

  it('a CLI owner stopped with SIGTERM leaves its run interrupted and releases the lock', async () => {
    const dir = tempDir();
    const cfg = join(dir, 'run.json');
    writeFileSync(cfg, JSON.stringify({ ...RUN, name: 'terminated' }));
    const train = spawn(process.execPath, [cliBin, 'train', cfg, '--data-dir', dir], { cwd: projectRoot, stdio: 'ignore' });
    const deadline = Date.now() + 120_000;
    // The file appears before its migrations have run, so an empty schema just means "not yet".
    const running = () => {
      if (!existsSync(join(dir, 'studio.db'))) return false;
      try {
        return dbRow(dir, "SELECT count(*) AS n FROM metrics m JOIN runs r ON r.id = m.run_id WHERE r.status = 'running'").n > 0;
      } catch (e) {
        if (/no such table|database is locked/.test(String(e))) return false;
        throw e;
      }
    };
    while (!running() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(JSON.parse(readFileSync(join(dir, 'owner.lock'), 'utf8')).command).toBe('distill-studio train');
    train.kill('SIGTERM');
    expect(await exited(train)).toBe(143);
    expect(existsSync(join(dir, 'owner.lock'))).toBe(false);
    const run = dbRow(dir, "SELECT status, error FROM runs WHERE name = 'terminated'");
    expect(run.status).toBe('interrupted');
  }, 300_000);
});
