// The on-disk dataset format: exact round trip, statistics checked by hand, atomic writes
// (nothing left behind on failure, a full disk included), shards, format-1 compatibility, damaged
// files named in the error.
import { existsSync, mkdirSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelStats, fingerprintOf, readMeta, readSamples, readSplit, writeDataset, type DatasetMeta } from '../../../src-main/datasets/shard-store';
import { stageDatasetSync } from '../../../src-main/datasets/shard-writer';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

const tiny = () => ({
  id: 'tiny',
  name: 'tiny',
  format: 'test',
  shape: [2, 2, 1] as [number, number, number],
  classNames: ['a', 'b'],
  splits: {
    train: { images: Uint8Array.from([0, 255, 0, 255, 255, 255, 255, 255, 0, 0, 0, 0]), labels: Uint8Array.from([0, 1, 0]), count: 3 },
    val: { images: Uint8Array.from([1, 2, 3, 4]), labels: Uint8Array.from([1]), count: 1 },
  },
});

describe('shard store', () => {
  it('round-trips every byte and records counts, stats and a fingerprint', () => {
    const parent = tempDir();
    const meta = writeDataset(parent, tiny());
    const dir = join(parent, 'tiny');
    expect(readMeta(dir)).toEqual(meta);
    const train = readSplit(dir, meta, 'train');
    expect(Array.from(train.images)).toEqual(Array.from(tiny().splits.train.images));
    expect(Array.from(train.labels)).toEqual([0, 1, 0]);
    expect(meta.splits).toEqual({ train: 3, val: 1 });
    expect(meta.classCounts).toEqual({ train: [2, 1], val: [0, 1] });
    // 12 pixels, 6 at 255: mean 0.5, std 0.5 (hand-computed).
    expect(meta.mean[0]).toBeCloseTo(0.5, 12);
    expect(meta.std[0]).toBeCloseTo(0.5, 12);
    expect(meta.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(parent)).toEqual(['tiny']);
  });

  it('changes the fingerprint when one pixel changes', () => {
    const a = writeDataset(tempDir(), tiny());
    const changed = tiny();
    changed.splits.val.images[0] = 9;
    const b = writeDataset(tempDir(), changed);
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  it('computes per-channel statistics channel by channel', () => {
    // two RGB pixels: R = 0,255  G = 255,255  B = 0,0
    const { mean, std } = channelStats(Uint8Array.from([0, 255, 0, 255, 255, 0]), 3);
    expect(mean).toEqual([0.5, 1, 0]);
    expect(std[0]).toBeCloseTo(0.5, 12);
    expect(std[1]).toBeLessThan(1e-5);
  });

  it('leaves nothing behind when a split is inconsistent', () => {
    const parent = tempDir();
    const bad = tiny();
    bad.splits.train.count = 4;
    expect(() => writeDataset(parent, bad)).toThrow(/split 'train' has inconsistent sizes/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses to overwrite an existing dataset folder', () => {
    const parent = tempDir();
    writeDataset(parent, tiny());
    expect(() => writeDataset(parent, tiny())).toThrow(/already exists/);
    expect(readdirSync(parent)).toEqual(['tiny']);
  });

  it('names the damaged file when a shard was truncated', () => {
    const parent = tempDir();
    const meta = writeDataset(parent, tiny());
    truncateSync(join(parent, 'tiny', 'train-images-000.u8'), 5);
    expect(() => readSplit(join(parent, 'tiny'), meta, 'train')).toThrow(/train-images-000\.u8 has 5 bytes, expected 12/);
    expect(existsSync(join(parent, 'tiny', 'meta.json'))).toBe(true);
  });

  it('splits large splits into shards and reads them back as one split', () => {
    const parent = tempDir();
    const input = tiny();
    const staged = stageDatasetSync(parent, { ...input, splits: { train: { data: input.splits.train } } }, { shardBytes: 8 });
    const meta = staged.commit({ id: 'sharded', name: 'sharded', format: 'test' });
    // 4-byte samples, 8-byte shards: 2 + 1 samples.
    expect(meta.files!.train!.images).toEqual([
      { file: 'train-images-000.u8', count: 2 },
      { file: 'train-images-001.u8', count: 1 },
    ]);
    const train = readSplit(join(parent, 'sharded'), meta, 'train');
    expect(Array.from(train.images)).toEqual(Array.from(input.splits.train.images));
    expect(readSamples(join(parent, 'sharded'), meta, 'train', [1, 2, 0]).map((s) => Array.from(s))).toEqual([
      [255, 255, 255, 255],
      [0, 0, 0, 0],
      [0, 255, 0, 255],
    ]);
    expect(meta.fingerprint).toBe(fingerprintOf(input.shape, input.classNames, { train: input.splits.train }));
  });

  it('stores a split given as an order of samples, gathered shard by shard', () => {
    const parent = tempDir();
    const input = tiny();
    const staged = stageDatasetSync(parent, { ...input, splits: { train: { data: input.splits.train, order: [2, 0] } } }, { shardBytes: 4 });
    const meta = staged.commit({ id: 'ordered', name: 'ordered', format: 'test' });
    const train = readSplit(join(parent, 'ordered'), meta, 'train');
    expect(Array.from(train.labels)).toEqual([0, 0]);
    expect(Array.from(train.images)).toEqual([0, 0, 0, 0, 0, 255, 0, 255]);
  });

  it('still reads datasets written in format 1 (one file per split, no file list)', () => {
    const dir = join(tempDir(), 'old');
    mkdirSync(dir);
    writeFileSync(join(dir, 'train-images.u8'), Uint8Array.from([1, 2, 3, 4]));
    writeFileSync(join(dir, 'train-labels.u8'), Uint8Array.from([1]));
    const meta = { id: 'old', name: 'old', shape: [2, 2, 1], splits: { train: 1 }, formatVersion: 1 } as unknown as DatasetMeta;
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
    const train = readSplit(dir, readMeta(dir), 'train');
    expect(Array.from(train.images)).toEqual([1, 2, 3, 4]);
    expect(Array.from(train.labels)).toEqual([1]);
  });

  it('leaves nothing behind when the disk fills up, and says so', () => {
    const parent = tempDir();
    let written = 0;
    const fullDisk = {
      writeFile(path: string, data: Uint8Array | string) {
        written += data.length;
        if (written > 12) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        writeFileSync(path, data);
      },
    };
    expect(() => writeDataset(parent, tiny(), fullDisk)).toThrow(
      /could not store dataset 'tiny' \(writing train-labels\.u8\): the disk is full: free some space and import again/,
    );
    expect(readdirSync(parent)).toEqual([]);
  });
});
