// MNIST-style IDX import: raw and gzip files, the t10k pair kept as the test split, Fashion-MNIST
// names from the folder name, and every header or pairing problem named with its file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readMeta, readSplit } from '../../../src-main/datasets/shard-store';
import { idxFile, idxFiles, randomBytes, writeFiles } from '../../fixtures/datasets/generate';
import { useTempDirs } from '../../helpers/temp-dir';
import { useImportHarness } from './import-harness';

const tempDir = useTempDirs('distill-idx-');
const harness = useImportHarness();

describe('IDX import', () => {
  it('imports gzip train and test pairs with exact pixels, carving val from train', async () => {
    const src = tempDir();
    writeFiles(src, idxFiles(40, 20, 8, 4, true));
    const h = harness();
    const { dataset, detected } = await h.run({ path: join(src, 'train-images-idx3-ubyte.gz'), val: 0.2 });
    expect(dataset).toMatchObject({ format: 'idx', numClasses: 4, shape: [8, 8, 1], splits: { train: 32, val: 8, test: 20 } });
    expect(dataset.classNames).toEqual(['0', '1', '2', '3']);
    expect(detected).toMatch(/MNIST-style IDX files .*train 40, test 20, 8×8×1/);
    const dir = join(h.dataDir, 'datasets', dataset.id);
    const test = readSplit(dir, readMeta(dir), 'test');
    expect(Buffer.from(test.images).equals(Buffer.from(randomBytes(20 * 64, 2)))).toBe(true);
    expect(Array.from(test.labels.subarray(0, 5))).toEqual([0, 1, 2, 3, 0]);
  });

  it('reads raw files the same as gzip ones, and uses Fashion-MNIST names when the folder says so', async () => {
    const raw = join(tempDir(), 'fashion-mnist');
    const gz = join(tempDir(), 'fashion');
    mkdirSync(raw);
    mkdirSync(gz);
    writeFiles(raw, idxFiles(30, 10, 6, 10, false));
    writeFiles(gz, idxFiles(30, 10, 6, 10, true));
    const a = await harness().run({ path: raw, format: 'idx', val: 0 });
    const b = await harness().run({ path: gz, format: 'auto', val: 0 });
    expect(a.dataset.fingerprint).toBe(b.dataset.fingerprint);
    expect(a.dataset.classNames[9]).toBe('Ankle boot');
    expect(a.dataset.name).toBe('Fashion-MNIST');
  });

  it.each([
    [
      'wrong magic',
      (f: Record<string, Uint8Array>) => void (f['train-images-idx3-ubyte']![1] = 7),
      /train-images-idx3-ubyte: not an IDX file \(magic number 0x00070803/,
    ],
    ['float elements', (f: Record<string, Uint8Array>) => void (f['train-images-idx3-ubyte']![2] = 0x0d), /IDX elements are float32, only unsigned bytes/],
    [
      'labels as images',
      (f: Record<string, Uint8Array>) => void (f['train-images-idx3-ubyte'] = idxFile([12], new Uint8Array(12))),
      /train-images-idx3-ubyte: IDX header says 1 dimension \(12\), expected 3 for images/,
    ],
    [
      'truncated',
      (f: Record<string, Uint8Array>) => void (f['t10k-images-idx3-ubyte'] = f['t10k-images-idx3-ubyte']!.subarray(0, 100)),
      /t10k-images-idx3-ubyte: truncated: 100 bytes, expected 400 \(a header of 16 bytes and 6 × 8 × 8 bytes of data\)/,
    ],
    [
      'too long',
      (f: Record<string, Uint8Array>) => void (f['train-labels-idx1-ubyte'] = Buffer.concat([f['train-labels-idx1-ubyte']!, Buffer.alloc(3)])),
      /train-labels-idx1-ubyte: 23 bytes, expected 20 \(a header of 8 bytes and 12 bytes of data\): the dimensions in the header/,
    ],
    [
      'count mismatch',
      (f: Record<string, Uint8Array>) => void (f['train-labels-idx1-ubyte'] = idxFile([11], new Uint8Array(11))),
      /train-labels-idx1-ubyte: 11 labels, but train-images-idx3-ubyte has 12 images: the files do not belong together/,
    ],
    [
      'test size mismatch',
      (f: Record<string, Uint8Array>) => void (f['t10k-images-idx3-ubyte'] = idxFile([6, 7, 7], new Uint8Array(294))),
      /t10k-images-idx3-ubyte: images are 7×7×1, but the training images are 8×8×1/,
    ],
    [
      'missing test labels',
      (f: Record<string, Uint8Array>) => void delete f['t10k-labels-idx1-ubyte'],
      /t10k-images-idx3-ubyte: has no matching t10k-labels-idx1-ubyte\[\.gz\] file/,
    ],
    [
      'empty file',
      (f: Record<string, Uint8Array>) => void (f['train-labels-idx1-ubyte'] = new Uint8Array(0)),
      /train-labels-idx1-ubyte: empty file \(0 bytes\)/,
    ],
  ])('refuses %s with the file named, leaving the library unchanged', async (_case, mutate, message) => {
    const src = tempDir();
    const files = idxFiles(12, 6, 8, 3, false);
    mutate(files);
    writeFiles(src, files);
    const h = harness();
    await expect(h.run({ path: src, format: 'idx' })).rejects.toThrow(message);
    expect(h.leftovers()).toEqual({ folders: [], rows: [] });
  });

  it('names a truncated gzip file', async () => {
    const src = tempDir();
    const files = idxFiles(12, 6, 8, 3, true);
    writeFiles(src, files);
    writeFileSync(join(src, 'train-images-idx3-ubyte.gz'), gzipSync(idxFile([12, 8, 8], randomBytes(768, 5))).subarray(0, 400));
    await expect(harness().run({ path: src })).rejects.toThrow('train-images-idx3-ubyte.gz: truncated (the gzip data ends early)');
  });

  it('refuses labels that leave a class without training samples', async () => {
    const src = tempDir();
    const files = idxFiles(12, 6, 8, 3, false);
    files['train-labels-idx1-ubyte'] = idxFile([12], Uint8Array.from([0, 0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 5]));
    writeFiles(src, files);
    await expect(harness().run({ path: src })).rejects.toThrow("train-labels-idx1-ubyte: class '1': has no training samples");
  });
});
