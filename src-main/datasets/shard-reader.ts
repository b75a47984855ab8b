// Reads a stored dataset back: meta.json, whole splits as uint8 (what the training worker uses:
// 4× smaller than a float copy; float batches are built on demand), and single samples by index
// with positional reads (thumbnails), for both format versions.
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { splitFilesOf, type DatasetMeta, type SplitData } from './shard-layout';

export function readMeta(dir: string): DatasetMeta {
  const file = join(dir, 'meta.json');
  if (!existsSync(file)) throw new Error(`dataset folder has no meta.json: ${dir}`);
  return JSON.parse(readFileSync(file, 'utf8')) as DatasetMeta;
}

const sampleBytes = (meta: DatasetMeta) => meta.shape[0] * meta.shape[1] * meta.shape[2];

function requireCount(meta: DatasetMeta, split: string): number {
  const count = meta.splits[split];
  if (count === undefined) throw new Error(`dataset ${meta.name} has no '${split}' split`);
  return count;
}

/** Reads a whole file into `target` at `offset`, checking its size first (no 2 GB single-read limit). */
function readInto(path: string, target: Uint8Array, offset: number, expected: number, what: string): void {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size !== expected) throw new Error(`${what} has ${size} bytes, expected ${expected} (file damaged?)`);
    let done = 0;
    while (done < expected) {
      const n = readSync(fd, target, offset + done, Math.min(expected - done, 1 << 30), done);
      if (n === 0) throw new Error(`${what} ended after ${done} bytes, expected ${expected}`);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
}

function readLabelFile(dir: string, meta: DatasetMeta, file: string, count: number): Uint8Array {
  const labels = new Uint8Array(readFileSync(join(dir, file)));
  if (labels.length !== count) throw new Error(`dataset ${meta.name}: ${file} has ${labels.length} labels, expected ${count}`);
  return labels;
}

/** Loads one split as uint8 arrays. */
export function readSplit(dir: string, meta: DatasetMeta, split: string): SplitData {
  const count = requireCount(meta, split);
  const size = sampleBytes(meta);
  const files = splitFilesOf(meta, split);
  const images = new Uint8Array(count * size);
  let offset = 0;
  for (const shard of files.images) {
    readInto(join(dir, shard.file), images, offset, shard.count * size, `dataset ${meta.name}: ${shard.file}`);
    offset += shard.count * size;
  }
  if (offset !== images.length) throw new Error(`dataset ${meta.name}: the shards of '${split}' hold ${offset / size} samples, expected ${count}`);
  const labels = readLabelFile(dir, meta, files.labels, count);
  const data: SplitData = { images, labels, count };
  if (files.coarseLabels) data.coarseLabels = readLabelFile(dir, meta, files.coarseLabels, count);
  return data;
}

/** The labels of a split (and coarse labels when stored), without reading any image. */
export function readSplitLabels(dir: string, meta: DatasetMeta, split: string): { labels: Uint8Array; coarseLabels?: Uint8Array } {
  const count = requireCount(meta, split);
  const files = splitFilesOf(meta, split);
  const labels = readLabelFile(dir, meta, files.labels, count);
  return files.coarseLabels ? { labels, coarseLabels: readLabelFile(dir, meta, files.coarseLabels, count) } : { labels };
}

/** The images at `indices` of a split, each [H, W, C] uint8, read with positional reads. */
export function readSamples(dir: string, meta: DatasetMeta, split: string, indices: readonly number[]): Uint8Array[] {
  const count = requireCount(meta, split);
  const size = sampleBytes(meta);
  const shards = splitFilesOf(meta, split).images;
  const starts: number[] = [];
  shards.reduce((start, s) => (starts.push(start), start + s.count), 0);
  const out: Uint8Array[] = [];
  const fds = new Map<number, number>();
  try {
    for (const index of indices) {
      if (!Number.isInteger(index) || index < 0 || index >= count) throw new Error(`dataset ${meta.name}: no sample ${index} in '${split}'`);
      let k = shards.length - 1;
      while (starts[k]! > index) k--;
      if (!fds.has(k)) {
        const path = join(dir, shards[k]!.file);
        if (statSync(path).size !== shards[k]!.count * size) throw new Error(`dataset ${meta.name}: ${shards[k]!.file} is damaged (wrong size)`);
        fds.set(k, openSync(path, 'r'));
      }
      const buf = new Uint8Array(size);
      readSync(fds.get(k)!, buf, 0, size, (index - starts[k]!) * size);
      out.push(buf);
    }
  } finally {
    for (const fd of fds.values()) closeSync(fd);
  }
  return out;
}
