// CIFAR-10/100 binary import: extracted .bin files and the .tar.gz as distributed give the same
// dataset; class names come from the meta files; CIFAR-100 keeps coarse labels; pixels are
// re-ordered from planes to interleaved RGB exactly; damaged files are named with the problem.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readMeta, readSplit } from '../../../src-main/datasets/shard-store';
import { cifar100Files, cifar10Files, cifarBatch, tarArchive, writeFiles } from '../../fixtures/datasets/generate';
import { useTempDirs } from '../../helpers/temp-dir';
import { useImportHarness } from './import-harness';

const tempDir = useTempDirs('distill-cifar-');
const harness = useImportHarness();

describe('CIFAR import', () => {
  it('imports extracted CIFAR-10 batches: names, splits, exact pixels', async () => {
    const src = tempDir();
    writeFiles(join(src, 'cifar-10-batches-bin'), cifar10Files(20, 5, 30));
    const h = harness();
    const { dataset, detected, warnings } = await h.run({ path: src, val: 0.1 });
    expect(dataset.format).toBe('cifar10');
    expect(dataset.classNames[0]).toBe('airplane');
    expect(dataset.splits).toEqual({ train: 90, val: 10, test: 30 });
    expect(dataset.shape).toEqual([32, 32, 3]);
    expect(detected).toMatch(/CIFAR-10 binary .*train 100, test 30/);
    expect(warnings).toEqual([]);
    const dir = join(h.dataDir, 'datasets', dataset.id);
    const meta = readMeta(dir);
    const test = readSplit(dir, meta, 'test');
    // Record 0 of test_batch.bin: planes R, G, B → interleaved.
    const raw = cifarBatch(30, 999);
    expect(test.labels[0]).toBe(raw[0]);
    expect([test.images[0], test.images[1], test.images[2]]).toEqual([raw[1], raw[1 + 1024], raw[1 + 2048]]);
    expect([test.images[3], test.images[4], test.images[5]]).toEqual([raw[2], raw[2 + 1024], raw[2 + 2048]]);
    expect(meta.classCounts.val).toEqual(new Array(10).fill(1));
    expect(h.leftovers()).toEqual({ folders: [dataset.id], rows: [dataset.id] });
  });

  it('gives the same fingerprint for the .tar.gz and the extracted files', async () => {
    const files = cifar10Files(20, 5, 10);
    const extracted = tempDir();
    writeFiles(extracted, files);
    const archive = join(tempDir(), 'cifar-10-binary.tar.gz');
    writeFileSync(
      archive,
      gzipSync(
        tarArchive(
          Object.fromEntries(
            Object.entries(files)
              .reverse()
              .map(([k, v]) => [`cifar-10-batches-bin/${k}`, v]),
          ),
        ),
      ),
    );
    const a = await harness().run({ path: extracted });
    const b = await harness().run({ path: archive });
    expect(b.dataset.fingerprint).toBe(a.dataset.fingerprint);
    expect(b.detected).toMatch(/from cifar-10-binary\.tar\.gz/);
  });

  it('keeps CIFAR-100 fine and coarse labels with their names', async () => {
    const src = tempDir();
    writeFiles(src, cifar100Files(200, 100));
    const h = harness();
    const { dataset } = await h.run({ path: src, format: 'cifar100', val: 0 });
    expect(dataset.numClasses).toBe(100);
    expect(dataset.classNames[99]).toBe('fine99');
    const dir = join(h.dataDir, 'datasets', dataset.id);
    const meta = readMeta(dir);
    expect(meta.coarseClassNames?.[19]).toBe('coarse19');
    const train = readSplit(dir, meta, 'train');
    expect(Array.from(train.coarseLabels!.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(Array.from(train.labels.subarray(0, 3))).toEqual([0, 1, 2]);
  });

  it('names a truncated batch with its size and the record size', async () => {
    const src = tempDir();
    const files = cifar10Files(20, 2, 10);
    files['data_batch_2.bin'] = (files['data_batch_2.bin'] as Uint8Array).subarray(0, 3073 * 5 + 100);
    writeFiles(src, files);
    const h = harness();
    await expect(h.run({ path: src })).rejects.toThrow(
      'data_batch_2.bin: truncated or damaged: 15,465 bytes, expected a multiple of 3,073 (one CIFAR-10 record)',
    );
    expect(h.leftovers()).toEqual({ folders: [], rows: [] });
  });
});
