// Helpers for the Slurm executor tests: a tiny MNIST config file, the CLI as a child process
// reaching the test cluster, and a run's stored metrics read back from the data folder's SQLite.
import { spawn, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliBin, projectRoot } from './built-app';

export function writeConfig(dir: string, over: Record<string, unknown> = {}): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2, 8)}.json`);
  const config = {
    name: 'slurm-slice',
    kind: 'student',
    datasetId: 'mnist-demo',
    model: 'cnn',
    epochs: 2,
    batchSize: 32,
    maxTrainSamples: 256,
    maxValSamples: 200,
    seed: 11,
    optimizer: { name: 'sgd', learningRate: 0.05, momentum: 0.9 },
    ...over,
  };
  writeFileSync(file, JSON.stringify(config));
  return file;
}

export function cliSync(args: string[], env: Record<string, string>, timeout = 240_000) {
  const r = spawnSync(process.execPath, [cliBin, ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, ...env }, timeout });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function cliAsync(args: string[], env: Record<string, string>) {
  const proc = spawn(process.execPath, [cliBin, ...args], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
  proc.stderr.setEncoding('utf8').on('data', (t: string) => (out += t));
  const done = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { proc, done, output: () => out };
}

/** Timing-free metric points of a run, ordered: what two runs with the same seed must share. */
export function storedMetrics(dataDir: string, runId: string): { key: string; step: number; value: number | null }[] {
  const db = new Database(join(dataDir, 'studio.db'), { readonly: true });
  try {
    return db
      .prepare("SELECT key, step, value FROM metrics WHERE run_id = ? AND key NOT IN ('throughput', 'epoch_time', 'time/epoch') ORDER BY key, step")
      .all(runId) as { key: string; step: number; value: number | null }[];
  } finally {
    db.close();
  }
}

export function readRun(dataDir: string, runId: string): Record<string, unknown> {
  const db = new Database(join(dataDir, 'studio.db'), { readonly: true });
  try {
    return db
      .prepare(
        'SELECT r.*, s.job_id, s.job_dir, s.state, s.reason, s.metrics_offset, s.logs_offset FROM runs r LEFT JOIN slurm_jobs s ON s.run_id = r.id WHERE r.id = ?',
      )
      .get(runId) as Record<string, unknown>;
  } finally {
    db.close();
  }
}

export function runLogs(dataDir: string, runId: string): string[] {
  const db = new Database(join(dataDir, 'studio.db'), { readonly: true });
  try {
    return (db.prepare('SELECT message FROM run_logs WHERE run_id = ? ORDER BY id').all(runId) as { message: string }[]).map((r) => r.message);
  } finally {
    db.close();
  }
}

/** Polls `check` until it returns a value (not undefined/false) or the time is up. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | null, timeoutMs = 120_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let v: T | undefined | false | null;
    try {
      v = check();
    } catch {
      v = undefined; // e.g. the database is not created yet
    }
    if (v !== undefined && v !== false && v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The id of the only run in a data folder. */
export function onlyRunId(dataDir: string): string | undefined {
  const db = new Database(join(dataDir, 'studio.db'), { readonly: true });
  try {
    return (db.prepare('SELECT id FROM runs').get() as { id: string } | undefined)?.id;
  } finally {
    db.close();
  }
}
