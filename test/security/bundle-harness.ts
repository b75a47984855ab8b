// A library for run bundle attacks: a real data folder (SQLite + runs/), one dataset row, one
// existing run with files, metrics and logs, and a sibling "canary" folder that no import may
// touch. Crafted bundles are built byte by byte here; `snapshot` fingerprints a folder tree so a
// test can count the bytes an import wrote where it should not have.
import { createHash, randomUUID } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import { appendRunLogs, insertDataset, insertMetrics, insertRun, updateRunStatus } from '../../src-main/db';
import { closeDatabase, openDatabase } from '../../src-main/db/connection';
import { dataPaths } from '../../src-main/services/data-dir';
import { EventBus } from '../../src-main/services/event-bus';
import { ExportService } from '../../src-main/services/export-service';
import { HistoryService } from '../../src-main/services/history-service';
import type { BundleLimits } from '../../src-main/export/bundle-format';
import { RunConfigSchema } from '../../shared/schemas/run-config';

export const DATASET = { id: 'tiny-ab12cd', fingerprint: 'f'.repeat(64), name: 'tiny' };

export interface Library {
  root: string;
  dataDir: string;
  canary: string;
  db: Database.Database;
  exports: ExportService;
  history: HistoryService;
  existingId: string;
  close(): void;
}

export function makeLibrary(root: string, limits?: Partial<BundleLimits>): Library {
  const dataDir = join(root, 'data');
  const canary = join(root, 'canary');
  mkdirSync(join(canary, 'deep', 'er'), { recursive: true });
  writeFileSync(join(canary, 'keep.txt'), 'do not touch');
  writeFileSync(join(canary, 'deep', 'er', 'model.json'), '{"canary":true}');
  const db = openDatabase(join(dataDir, 'studio.db'));
  const paths = dataPaths(dataDir);
  insertDataset(db, {
    id: DATASET.id,
    name: DATASET.name,
    format: 'idx',
    numClasses: 2,
    numSamples: 4,
    shape: [2, 2, 1],
    classNames: ['a', 'b'],
    splits: { train: 4 },
    fingerprint: DATASET.fingerprint,
    bytes: 16,
    createdAt: '2026-01-01T00:00:00.000Z',
    path: join(paths.datasets, DATASET.id),
  });
  mkdirSync(join(paths.datasets, DATASET.id), { recursive: true });
  writeFileSync(join(paths.datasets, DATASET.id, 'meta.json'), '{}');
  const existingId = randomUUID();
  insertRun(db, {
    id: existingId,
    name: 'existing',
    kind: 'teacher',
    status: 'queued',
    config: RunConfigSchema.parse({ datasetId: DATASET.id, model: 'cnn', kind: 'teacher' }),
    datasetId: DATASET.id,
    teacherRunId: null,
    seed: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  updateRunStatus(db, existingId, 'completed');
  insertMetrics(db, existingId, [{ key: 'val/acc', step: 1, epoch: 1, value: 0.5 }]);
  appendRunLogs(db, [{ runId: existingId, level: 'info', message: 'original line', time: '2026-01-01T00:00:00.000Z' }]);
  mkdirSync(join(paths.runDir(existingId), 'model'), { recursive: true });
  writeFileSync(join(paths.runDir(existingId), 'model', 'model.json'), '{"existing":true}');
  writeFileSync(join(paths.runDir(existingId), 'report.json'), '{"acc":0.5}');
  const spawn = (() => {
    throw new Error('no workers in these tests');
  }) as never;
  const exports = new ExportService({ db, runDir: paths.runDir, spawn, workerEntry: '', bundleLimits: limits });
  const history = new HistoryService(db, paths.runDir, new EventBus(), () => false);
  return { root, dataDir, canary, db, exports, history, existingId, close: () => closeDatabase(db) };
}

/** A bundle's raw (uncompressed) bytes: signature, header length, header, bodies. */
export function rawBundle(header: unknown, bodies: Buffer[] = [], opts: { magic?: string; headerLength?: number } = {}): Buffer {
  const head = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(opts.headerLength ?? head.length, 0);
  return Buffer.concat([Buffer.from(opts.magic ?? 'DSBUNDLE1\n'), len, head, ...bodies]);
}

/** A gzip bundle of the named members, in order (names and sizes as given, no checks). */
export function bundleOf(files: { name: string; data: Buffer | string }[]): Buffer {
  const data = files.map((f) => Buffer.from(f.data));
  return gzipSync(rawBundle({ files: files.map((f, i) => ({ name: f.name, size: data[i]!.length })) }, data));
}

/** A run record as an exporter writes it (overrides replace fields; undefined removes one). */
export function runRecord(over: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: randomUUID(),
    name: 'imported',
    kind: 'teacher',
    status: 'completed',
    config: RunConfigSchema.parse({ datasetId: DATASET.id, model: 'cnn', kind: 'teacher' }),
    datasetId: DATASET.id,
    teacherRunId: null,
    seed: 3,
    backend: 'cpu',
    backendReason: 'test',
    environment: null,
    createdAt: '2026-02-01T00:00:00.000Z',
    startedAt: '2026-02-01T00:00:01.000Z',
    finishedAt: '2026-02-01T00:01:00.000Z',
    error: null,
    notes: null,
    tags: ['t'],
  };
  return { ...base, ...over };
}

export const runJson = (run: Record<string, unknown> = runRecord(), extra: Record<string, unknown> = {}) =>
  JSON.stringify({ formatVersion: 1, run, dataset: { name: DATASET.name, fingerprint: DATASET.fingerprint }, ...extra });

/** The members of a complete, valid bundle of `run`. */
export function validMembers(run: Record<string, unknown> = runRecord()): { name: string; data: Buffer | string }[] {
  return [
    { name: 'run.json', data: runJson(run) },
    {
      name: 'metrics.json',
      data: JSON.stringify([
        { key: 'val/acc', step: 1, epoch: 1, value: 0.75 },
        { key: 'train/loss', step: 1, epoch: 1, value: null },
      ]),
    },
    { name: 'logs.json', data: JSON.stringify([{ runId: run.id, level: 'info', message: 'hello', time: '2026-02-01T00:00:02.000Z' }]) },
    { name: 'report.json', data: '{"acc":0.75}' },
    { name: 'model/model.json', data: '{"modelTopology":{}}' },
    { name: 'model/weights.bin', data: Buffer.alloc(64, 7) },
  ];
}

/** path → sha256 of every file and symlink under `dir` (folders as entries too); the database files are compared by rowCounts instead. */
export function snapshot(dir: string): Map<string, { hash: string; size: number }> {
  const out = new Map<string, { hash: string; size: number }>();
  const walk = (d: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names.sort()) {
      const full = join(d, n);
      const r = rel ? `${rel}/${n}` : n;
      if (/^data\/studio\.db/.test(r)) continue;
      const st = lstatSync(full);
      if (st.isDirectory()) {
        out.set(`${r}/`, { hash: 'dir', size: 0 });
        walk(full, r);
      } else if (st.isFile()) out.set(r, { hash: createHash('sha256').update(readFileSync(full)).digest('hex'), size: st.size });
      else out.set(r, { hash: `other:${st.mode}`, size: 0 });
    }
  };
  walk(dir, '');
  return out;
}

/** Bytes in files that are new or changed in `after`, plus entries that appeared or vanished. */
export function diffBytes(
  before: Map<string, { hash: string; size: number }>,
  after: Map<string, { hash: string; size: number }>,
): { bytes: number; entries: string[] } {
  let bytes = 0;
  const entries: string[] = [];
  for (const [k, v] of after) {
    const b = before.get(k);
    if (!b || b.hash !== v.hash) {
      bytes += v.size;
      entries.push(k);
    }
  }
  for (const k of before.keys()) if (!after.has(k)) entries.push(`-${k}`);
  return { bytes, entries };
}

export const rowCounts = (db: Database.Database) => ({
  runs: (db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n,
  metrics: (db.prepare('SELECT count(*) AS n FROM metrics').get() as { n: number }).n,
  logs: (db.prepare('SELECT count(*) AS n FROM run_logs').get() as { n: number }).n,
});
