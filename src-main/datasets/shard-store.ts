// On-disk format of an imported dataset: `datasets/<id>/meta.json` plus, per split, one uint8
// image file ([N, H, W, C] row-major) and one uint8 label file. Written into a temp folder and
// renamed into place only when complete, so a crash never leaves a half-written dataset.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface SplitData {
  images: Uint8Array; // [count, H, W, C]
  labels: Uint8Array; // [count]
  count: number;
}

export interface DatasetMeta {
  id: string;
  name: string;
  format: string;
  shape: [number, number, number]; // [H, W, C]
  numClasses: number;
  classNames: string[];
  splits: Record<string, number>;
  /** Per-channel mean and std of the train split, in [0, 1] pixel units. */
  mean: number[];
  std: number[];
  classCounts: Record<string, number[]>;
  fingerprint: string;
  bytes: number;
  createdAt: string;
  formatVersion: 1;
}

const imagesFile = (split: string) => `${split}-images.u8`;
const labelsFile = (split: string) => `${split}-labels.u8`;

/** Per-channel mean/std over all pixels of a split (values scaled to [0, 1]). */
export function channelStats(images: Uint8Array, channels: number): { mean: number[]; std: number[] } {
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  for (let i = 0; i < images.length; i++) {
    const v = images[i]! / 255;
    const c = i % channels;
    sum[c]! += v;
    sumSq[c]! += v * v;
  }
  const n = images.length / channels;
  const mean = Array.from(sum, (s) => s / n);
  const std = Array.from(sumSq, (s, c) => Math.sqrt(Math.max(s / n - mean[c]! ** 2, 1e-12)));
  return { mean, std };
}

export function classCounts(labels: Uint8Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
  return counts;
}

/** sha256 over shape, label names and every split's bytes, in a fixed order. */
export function fingerprintOf(
  shape: readonly number[],
  classNames: readonly string[],
  splits: Record<string, SplitData>,
): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ shape, classNames, splits: Object.keys(splits).sort() }));
  for (const name of Object.keys(splits).sort()) {
    h.update(splits[name]!.images);
    h.update(splits[name]!.labels);
  }
  return h.digest('hex');
}

export interface WriteDatasetInput {
  id: string;
  name: string;
  format: string;
  shape: [number, number, number];
  classNames: string[];
  splits: Record<string, SplitData>; // must include 'train'
}

/** Writes the dataset to `<parentDir>/<id>` atomically (temp folder + rename). Returns its meta. */
export function writeDataset(parentDir: string, input: WriteDatasetInput): DatasetMeta {
  const train = input.splits.train;
  if (!train) throw new Error(`dataset ${input.name}: a 'train' split is required`);
  const [h, w, c] = input.shape;
  for (const [split, data] of Object.entries(input.splits)) {
    if (data.images.length !== data.count * h * w * c || data.labels.length !== data.count) {
      throw new Error(`dataset ${input.name}: split '${split}' has inconsistent sizes`);
    }
  }
  const finalDir = join(parentDir, input.id);
  const tmpDir = join(parentDir, `.tmp-${input.id}-${process.pid}`);
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(tmpDir, { recursive: true });
  try {
    let bytes = 0;
    const counts: Record<string, number[]> = {};
    for (const [split, data] of Object.entries(input.splits)) {
      writeFileSync(join(tmpDir, imagesFile(split)), data.images);
      writeFileSync(join(tmpDir, labelsFile(split)), data.labels);
      bytes += data.images.length + data.labels.length;
      counts[split] = classCounts(data.labels, input.classNames.length);
    }
    const { mean, std } = channelStats(train.images, c);
    const meta: DatasetMeta = {
      id: input.id,
      name: input.name,
      format: input.format,
      shape: input.shape,
      numClasses: input.classNames.length,
      classNames: input.classNames,
      splits: Object.fromEntries(Object.entries(input.splits).map(([k, v]) => [k, v.count])),
      mean,
      std,
      classCounts: counts,
      fingerprint: fingerprintOf(input.shape, input.classNames, input.splits),
      bytes,
      createdAt: new Date().toISOString(),
      formatVersion: 1,
    };
    writeFileSync(join(tmpDir, 'meta.json'), JSON.stringify(meta, null, 2));
    mkdirSync(dirname(finalDir), { recursive: true });
    if (existsSync(finalDir)) throw new Error(`dataset folder already exists: ${input.id}`);
    renameSync(tmpDir, finalDir);
    return meta;
  } catch (e) {
    rmSync(tmpDir, { recursive: true, force: true });
    throw e;
  }
}

export function readMeta(dir: string): DatasetMeta {
  const file = join(dir, 'meta.json');
  if (!existsSync(file)) throw new Error(`dataset folder has no meta.json: ${dir}`);
  return JSON.parse(readFileSync(file, 'utf8')) as DatasetMeta;
}

/** Loads one split as uint8 arrays (4 bytes less per pixel than a float copy). */
export function readSplit(dir: string, meta: DatasetMeta, split: string): SplitData {
  const count = meta.splits[split];
  if (count === undefined) throw new Error(`dataset ${meta.name} has no '${split}' split`);
  const [h, w, c] = meta.shape;
  const imgPath = join(dir, imagesFile(split));
  const expected = count * h * w * c;
  const size = statSync(imgPath).size;
  if (size !== expected) {
    throw new Error(`dataset ${meta.name}: ${imagesFile(split)} has ${size} bytes, expected ${expected} (file damaged?)`);
  }
  const images = new Uint8Array(readFileSync(imgPath));
  const labels = new Uint8Array(readFileSync(join(dir, labelsFile(split))));
  if (labels.length !== count) throw new Error(`dataset ${meta.name}: ${labelsFile(split)} has ${labels.length} labels, expected ${count}`);
  return { images, labels, count };
}
