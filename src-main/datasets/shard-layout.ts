// The on-disk layout of a stored dataset (`datasets/<id>/`): `meta.json` plus, per split, uint8
// image shards ([n, H, W, C] row-major, at most SHARD_BYTES each) and one uint8 label file.
// Format 1 (the first release) had exactly one `<split>-images.u8` per split and no `files`
// map; readers accept both.

export interface SplitData {
  images: Uint8Array; // [count, H, W, C]
  labels: Uint8Array; // [count]
  count: number;
  /** CIFAR-100 only: the superclass of every sample (0..19). */
  coarseLabels?: Uint8Array;
}

export interface ShardFile {
  file: string;
  count: number;
}

export interface SplitFiles {
  images: ShardFile[];
  labels: string;
  coarseLabels?: string;
}

/** Where the dataset came from, for people (the UI and `datasets show`); never used to read data. */
export interface DatasetSource {
  /** The importer that read it: 'folder', 'cifar10', 'cifar100', 'idx', 'mnist-demo'. */
  format: string;
  /** What detection found, e.g. "CIFAR-10 binary archive (5 training batches, test batch)". */
  description: string;
  /** Base name of the imported file or folder. */
  name: string;
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
  formatVersion: 1 | 2;
  /** Format 2: the files of every split. */
  files?: Record<string, SplitFiles>;
  coarseClassNames?: string[];
  source?: DatasetSource;
  /** Things the import noticed but accepted (skipped files, missing batches, ...). */
  warnings?: string[];
}

/** Upper bound of one image shard: small enough to write and read in one call on any platform. */
export const SHARD_BYTES = 64 * 1024 * 1024;

export const legacyImagesFile = (split: string) => `${split}-images.u8`;
export const legacyLabelsFile = (split: string) => `${split}-labels.u8`;
export const shardFile = (split: string, index: number) => `${split}-images-${String(index).padStart(3, '0')}.u8`;
export const labelsFile = (split: string) => `${split}-labels.u8`;
export const coarseLabelsFile = (split: string) => `${split}-coarse-labels.u8`;

/** How many samples go into each shard of a split of `sampleBytes`-byte samples. */
export const samplesPerShard = (sampleBytes: number, shardBytes = SHARD_BYTES) => Math.max(1, Math.floor(shardBytes / Math.max(1, sampleBytes)));

/** The files of a split, whichever format version wrote it. */
export function splitFilesOf(meta: DatasetMeta, split: string): SplitFiles {
  const files = meta.files?.[split];
  if (files) return files;
  return { images: [{ file: legacyImagesFile(split), count: meta.splits[split] ?? 0 }], labels: legacyLabelsFile(split) };
}
