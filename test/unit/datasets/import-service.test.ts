// The import service and the library around it: progress events ending in done/failed/cancelled,
// cancel and a full disk leaving nothing (no folder, no row), duplicate content refused, deletion
// refused while runs use a dataset (naming them) and forced deletion keeping those runs, content
// brought back under its old id, thumbnails by id, and stale temp folders cleaned at start-up.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { insertRun } from '../../../src-main/db';
import { removeStaleFolders } from '../../../src-main/datasets/stale-folders';
import { readMeta, readSamples } from '../../../src-main/datasets/shard-store';
import { datasetDetail, datasetSamples, deleteDatasetById, ensureDemoDataset, listAllDatasets } from '../../../src-main/services/datasets-service';
import { DatasetSamplesSchema } from '../../../shared/schemas/datasets';
import { cifar10Files, imageFolder, writeFiles } from '../../fixtures/datasets/generate';
import { useTempDirs } from '../../helpers/temp-dir';
import { sampleRun } from '../db/fixtures';
import { useImportHarness } from './import-harness';

const tempDir = useTempDirs('distill-imports-');
const harness = useImportHarness();

const cifarSource = (perBatch = 10) => {
  const src = tempDir();
  writeFiles(src, cifar10Files(perBatch, 5, 10));
  return src;
};

describe('dataset import service', () => {
  it('reports progress through the phases, monotonic, ending with done at 1', async () => {
    const h = harness();
    await h.run({ path: cifarSource(), importId: 'imp-1' });
    const phases = [...new Set(h.progress.map((p) => p.phase))];
    expect(phases).toEqual(['detecting', 'reading', 'splitting', 'writing', 'done']);
    expect(h.progress.every((p) => p.importId === 'imp-1')).toBe(true);
    const fractions = h.progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(h.progress.at(-1)).toMatchObject({ phase: 'done', fraction: 1, etaSeconds: 0 });
    expect(h.progress.find((p) => p.phase === 'detecting' && p.message.startsWith('found'))?.message).toMatch(/found CIFAR-10 binary files/);
  });

  it.each(['reading', 'writing'])('leaves nothing behind when cancelled while %s', async (phase) => {
    const h = harness();
    const src = tempDir();
    await imageFolder(src, ['a', 'b'], 12, { kinds: ['png'] });
    h.events.on((e, p) => {
      if (e === 'dataset:importProgress' && (p as { phase: string }).phase === phase) h.imports.cancel('c1');
    });
    await expect(h.run({ path: src, importId: 'c1', size: 8 })).rejects.toThrow('import cancelled: nothing was added to the library');
    expect(h.progress.at(-1)?.phase).toBe('cancelled');
    expect(h.leftovers()).toEqual({ folders: [], rows: [] });
    expect(h.imports.running).toEqual([]);
    expect(h.imports.cancel('c1')).toEqual({ cancelled: false });
  });

  it('says the disk is full when a shard cannot be written, and leaves nothing', async () => {
    let written = 0;
    const h = harness({
      writer: {
        writeFile(path, data) {
          written += data.length;
          if (written > 100_000) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          writeFileSync(path, data);
        },
      },
    });
    await expect(h.run({ path: cifarSource(), name: 'tiny cifar' })).rejects.toThrow(
      /^could not store dataset 'tiny cifar' \(writing [a-z]+-images-000\.u8\): the disk is full: free some space and import again; nothing was added to the library$/,
    );
    expect(h.progress.at(-1)?.phase).toBe('failed');
    expect(h.leftovers()).toEqual({ folders: [], rows: [] });
  });

  it('removes the stored folder when the database refuses the row', async () => {
    const h = harness();
    h.db.exec("CREATE TRIGGER no_rows BEFORE INSERT ON datasets BEGIN SELECT RAISE(ABORT, 'database is locked'); END");
    await expect(h.run({ path: cifarSource() })).rejects.toThrow('database is locked');
    expect(h.leftovers()).toEqual({ folders: [], rows: [] });
  });

  it('refuses a path that does not exist, is relative, or holds nothing it knows', async () => {
    const h = harness();
    await expect(h.run({ path: '/nowhere/at/all' })).rejects.toThrow('/nowhere/at/all does not exist');
    await expect(h.run({ path: 'relative/path' })).rejects.toThrow('relative/path: the path must be absolute');
    const junk = tempDir();
    writeFileSync(join(junk, 'a.txt'), 'x');
    await expect(h.imports.detect(junk)).rejects.toThrow(/: not a dataset format Distill Studio recognises: expected a folder with one subfolder/);
    writeFileSync(join(junk, 'cifar-10-binary.tar.gz'), 'x');
    await expect(h.imports.detect(junk)).rejects.toThrow(/\(this folder holds cifar-10-binary\.tar\.gz: choose the archive itself\)$/);
    expect(h.leftovers()).toEqual({ folders: [], rows: [] });
  });

  it('refuses content that is already in the library, naming the dataset', async () => {
    const h = harness();
    const src = cifarSource();
    const first = await h.run({ path: src, name: 'mine' });
    await expect(h.run({ path: src })).rejects.toThrow(`the same content is already in the library as 'mine' (${first.dataset.id}); nothing was added`);
    expect(h.leftovers()).toEqual({ folders: [first.dataset.id], rows: [first.dataset.id] });
  });

  it('refuses to delete a dataset runs use, naming them; forced, keeps the runs and can bring it back', async () => {
    const h = harness();
    const src = cifarSource();
    const { dataset } = await h.run({ path: src, name: 'cifar' });
    insertRun(h.db, sampleRun({ id: 'run-aaaaaaaa', name: 'teacher r32', datasetId: dataset.id, status: 'completed' }));
    expect(() => deleteDatasetById(h.db, h.dataDir, dataset.id, false)).toThrow(
      `dataset 'cifar' (${dataset.id}) is used by 1 run: 'teacher r32' (run-aaaa, completed); delete it with force to remove its files anyway (the runs keep their history)`,
    );
    expect(deleteDatasetById(h.db, h.dataDir, dataset.id, true)).toEqual({
      id: dataset.id,
      keptRuns: [{ id: 'run-aaaaaaaa', name: 'teacher r32', status: 'completed' }],
    });
    expect(listAllDatasets(h.db)).toEqual([]);
    expect(readdirSync(join(h.dataDir, 'datasets'))).toEqual([]);
    expect(() => datasetDetail(h.db, dataset.id)).toThrow(`no dataset with id '${dataset.id}'`);
    // Same content again: the old id comes back, and with it the run's dataset.
    const again = await h.run({ path: src, name: 'cifar again' });
    expect(again.dataset.id).toBe(dataset.id);
    expect(listAllDatasets(h.db)).toMatchObject([{ id: dataset.id, name: 'cifar again', usedBy: [{ id: 'run-aaaaaaaa' }] }]);
  });

  it('refuses to delete a dataset while a run on it is queued, even with force', async () => {
    const h = harness();
    const { dataset } = await h.run({ path: cifarSource() });
    insertRun(h.db, sampleRun({ id: 'run-q', name: 'waiting', datasetId: dataset.id, status: 'queued' }));
    expect(() => deleteDatasetById(h.db, h.dataDir, dataset.id, true)).toThrow(
      /is in use by a run that is queued or training: 'waiting' \(run-q, queued\); cancel it first/,
    );
    expect(existsSync(join(h.dataDir, 'datasets', dataset.id))).toBe(true);
  });

  it('keeps a deleted demo deleted at start-up, and brings it back with the same fingerprint on request', async () => {
    const h = harness();
    const demo = ensureDemoDataset(h.db, h.dataDir)!;
    deleteDatasetById(h.db, h.dataDir, 'mnist-demo', false);
    expect(ensureDemoDataset(h.db, h.dataDir)).toBeNull();
    const back = await h.run({ format: 'mnist-demo' });
    expect(back.dataset).toMatchObject({ id: 'mnist-demo', fingerprint: demo.fingerprint, splits: { train: 5998, val: 2000, test: 2002 } });
  });

  it('serves thumbnails by id, class and page, as PNGs of the stored pixels', async () => {
    const h = harness();
    const src = tempDir();
    await imageFolder(src, ['a', 'b', 'c'], 4);
    const { dataset } = await h.run({ path: src, size: 8, val: 0.25 });
    const page = await datasetSamples(h.db, DatasetSamplesSchema.parse({ id: dataset.id, split: 'train', classIndex: 1, offset: 1, limit: 2 }));
    expect(page).toMatchObject({ split: 'train', classIndex: 1, total: 3, offset: 1 });
    expect(page.items.map((i) => i.label)).toEqual([1, 1]);
    const dir = join(h.dataDir, 'datasets', dataset.id);
    const [stored] = readSamples(dir, readMeta(dir), 'train', [page.items[0]!.index]);
    const png = Buffer.from(page.items[0]!.dataUrl.replace('data:image/png;base64,', ''), 'base64');
    const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(Array.from(data)).toEqual(Array.from(stored!));
    await expect(datasetSamples(h.db, DatasetSamplesSchema.parse({ id: dataset.id, split: 'test' }))).rejects.toThrow(
      /has no 'test' split \(it has train, val\)/,
    );
    expect(datasetDetail(h.db, dataset.id)).toMatchObject({ classCounts: { train: [3, 3, 3], val: [1, 1, 1] }, usedBy: [], warnings: [] });
  });

  it('removes temp folders of dead processes at start-up, not those of live ones', () => {
    const dir = tempDir();
    for (const name of ['.tmp-aa-999999999', `.tmp-bb-${process.pid}`, '.trash-x-999999999', 'kept']) mkdirSync(join(dir, name));
    expect(removeStaleFolders(dir).sort()).toEqual(['.tmp-aa-999999999', '.trash-x-999999999']);
    expect(readdirSync(dir).sort()).toEqual([`.tmp-bb-${process.pid}`, 'kept']);
  });
});
