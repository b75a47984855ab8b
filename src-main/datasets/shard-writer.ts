// Writes a dataset into a temp folder next to its final place, shard by shard, while hashing it
// and computing its statistics; `commit` adds meta.json and renames the folder into place, so a
// crash, a cancel or a full disk never leaves a half-written dataset under its id.
// File writes go through a `ShardWriter` seam (tests inject one that fails with ENOSPC).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classCounts, ChannelHistogram } from './dataset-stats';
import { startFingerprint } from './dataset-fingerprint';
import { ImportCancelled, writeFailure } from './import-errors';
import {
  coarseLabelsFile,
  labelsFile,
  samplesPerShard,
  shardFile,
  type DatasetMeta,
  type DatasetSource,
  type SplitData,
  type SplitFiles,
} from './shard-layout';

export interface ShardWriter {
  writeFile(path: string, data: Uint8Array | string): void;
}
export const fsShardWriter: ShardWriter = { writeFile: (path, data) => writeFileSync(path, data) };

/** A split to store: the samples of `data` at `order` (all of them, in order, when absent). */
export interface SplitSource {
  data: SplitData;
  order?: ArrayLike<number>;
}

export interface StageInput {
  /** Used in error messages only. */
  name: string;
  shape: [number, number, number];
  classNames: string[];
  coarseClassNames?: string[];
  splits: Record<string, SplitSource>; // must include 'train'
}

export interface StageOptions {
  writer?: ShardWriter;
  shardBytes?: number;
  signal?: AbortSignal;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

export interface CommitFields {
  id: string;
  name: string;
  format: string;
  source?: DatasetSource;
  warnings?: string[];
}

export interface StagedDataset {
  readonly fingerprint: string;
  /** Writes meta.json and renames the temp folder to `<parentDir>/<id>`. */
  commit(fields: CommitFields): DatasetMeta;
  /** Removes the temp folder (after a failure, or when the content is a duplicate). */
  discard(): void;
}

export const TEMP_PREFIX = '.tmp-';
const SPLIT_ORDER = ['train', 'val', 'test'];
const canonicalOrder = (names: string[]) => [...SPLIT_ORDER.filter((s) => names.includes(s)), ...names.filter((s) => !SPLIT_ORDER.includes(s))];
const countOf = (s: SplitSource) => (s.order ? s.order.length : s.data.count);

/** Copies the samples at order[start..end) into one buffer (no copy when the order is natural). */
function gather(src: Uint8Array, order: ArrayLike<number> | undefined, start: number, end: number, size: number): Uint8Array {
  if (!order) return src.subarray(start * size, end * size);
  const out = new Uint8Array((end - start) * size);
  for (let k = start; k < end; k++) {
    const i = order[k]!;
    out.set(size === 1 ? src.subarray(i, i + 1) : src.subarray(i * size, (i + 1) * size), (k - start) * size);
  }
  return out;
}

function validate(input: StageInput): void {
  if (!input.splits.train) throw new Error(`dataset ${input.name}: a 'train' split is required`);
  const [h, w, c] = input.shape;
  for (const [split, { data }] of Object.entries(input.splits)) {
    if (data.images.length !== data.count * h * w * c || data.labels.length !== data.count) {
      throw new Error(`dataset ${input.name}: split '${split}' has inconsistent sizes`);
    }
  }
}

interface StageState {
  fingerprint: string;
  meta: Omit<DatasetMeta, 'id' | 'name' | 'format' | 'createdAt' | 'source' | 'warnings'>;
}

/** The writing work as steps: yields after every file so a driver can report progress and cancel. */
function* stagingSteps(dir: string, input: StageInput, opts: StageOptions, out: StageState): Generator<void> {
  const writer = opts.writer ?? fsShardWriter;
  const write = (file: string, data: Uint8Array | string) => {
    try {
      writer.writeFile(join(dir, file), data);
    } catch (e) {
      throw writeFailure(e, file, input.name);
    }
  };
  const [h, w, c] = input.shape;
  const size = h * w * c;
  const names = Object.keys(input.splits).sort(); // hashing order (format 1 compatible)
  const shown = canonicalOrder(names); // order of splits in meta.json and the UI
  const coarse = input.coarseClassNames;
  const hash = startFingerprint(input.shape, input.classNames, names, coarse);
  const histogram = new ChannelHistogram(c);
  const total = names.reduce((n, s) => n + countOf(input.splits[s]!) * (size + 1 + (coarse ? 1 : 0)), 0);
  const perShard = samplesPerShard(size, opts.shardBytes);
  const files: Record<string, SplitFiles> = {};
  const counts: Record<string, number[]> = {};
  for (const split of shown) counts[split] = [];
  let done = 0;
  for (const split of names) {
    const { data, order } = input.splits[split]!;
    const count = countOf(input.splits[split]!);
    const shards: SplitFiles['images'] = [];
    for (let start = 0, k = 0; start < count; start += perShard, k++) {
      const end = Math.min(count, start + perShard);
      const chunk = gather(data.images, order, start, end, size);
      hash.update(chunk);
      if (split === 'train') histogram.add(chunk);
      write(shardFile(split, k), chunk);
      shards.push({ file: shardFile(split, k), count: end - start });
      done += chunk.length;
      opts.onProgress?.(done, total);
      yield;
    }
    const labels = gather(data.labels, order, 0, count, 1);
    hash.update(labels);
    write(labelsFile(split), labels);
    counts[split] = classCounts(labels, input.classNames.length);
    files[split] = { images: shards, labels: labelsFile(split) };
    done += labels.length;
    if (coarse && data.coarseLabels) {
      const coarseLabels = gather(data.coarseLabels, order, 0, count, 1);
      hash.update(coarseLabels);
      write(coarseLabelsFile(split), coarseLabels);
      files[split].coarseLabels = coarseLabelsFile(split);
      done += coarseLabels.length;
    }
    opts.onProgress?.(done, total);
    yield;
  }
  const { mean, std } = histogram.stats();
  out.fingerprint = hash.digest('hex');
  out.meta = {
    shape: input.shape,
    numClasses: input.classNames.length,
    classNames: input.classNames,
    ...(coarse ? { coarseClassNames: coarse } : {}),
    splits: Object.fromEntries(shown.map((s) => [s, countOf(input.splits[s]!)])),
    mean,
    std,
    classCounts: counts,
    fingerprint: out.fingerprint,
    bytes: total,
    formatVersion: 2,
    files,
  };
}

function staged(parentDir: string, tmpDir: string, input: StageInput, state: StageState, writer: ShardWriter): StagedDataset {
  const discard = () => rmSync(tmpDir, { recursive: true, force: true });
  return {
    fingerprint: state.fingerprint,
    discard,
    commit(fields) {
      const meta: DatasetMeta = {
        id: fields.id,
        name: fields.name,
        format: fields.format,
        ...state.meta,
        createdAt: new Date().toISOString(),
        ...(fields.source ? { source: fields.source } : {}),
        ...(fields.warnings?.length ? { warnings: fields.warnings } : {}),
      };
      const finalDir = join(parentDir, fields.id);
      try {
        try {
          writer.writeFile(join(tmpDir, 'meta.json'), JSON.stringify(meta, null, 2));
        } catch (e) {
          throw writeFailure(e, 'meta.json', input.name);
        }
        if (existsSync(finalDir)) throw new Error(`dataset folder already exists: ${fields.id}`);
        renameSync(tmpDir, finalDir);
      } catch (e) {
        discard();
        throw e;
      }
      return meta;
    },
  };
}

function makeTempDir(parentDir: string): string {
  mkdirSync(parentDir, { recursive: true });
  const dir = join(parentDir, `${TEMP_PREFIX}${randomBytes(4).toString('hex')}-${process.pid}`);
  mkdirSync(dir);
  return dir;
}

/** Synchronous staging (the bundled demo at boot, tests). */
export function stageDatasetSync(parentDir: string, input: StageInput, opts: StageOptions = {}): StagedDataset {
  validate(input);
  const dir = makeTempDir(parentDir);
  const state = {} as StageState;
  try {
    for (const _ of stagingSteps(dir, input, opts, state));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return staged(parentDir, dir, input, state, opts.writer ?? fsShardWriter);
}

/** Staging that yields to the event loop between files, reports progress and honours `signal`. */
export async function stageDataset(parentDir: string, input: StageInput, opts: StageOptions = {}): Promise<StagedDataset> {
  validate(input);
  const dir = makeTempDir(parentDir);
  const state = {} as StageState;
  try {
    for (const _ of stagingSteps(dir, input, opts, state)) {
      await new Promise<void>((r) => setImmediate(r));
      if (opts.signal?.aborted) throw new ImportCancelled();
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return staged(parentDir, dir, input, state, opts.writer ?? fsShardWriter);
}
