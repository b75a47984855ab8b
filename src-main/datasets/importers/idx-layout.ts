// Which IDX files form a dataset: train images + labels (required) and t10k/test images + labels
// (optional, both or neither), raw or gzip, named as MNIST and Fashion-MNIST distribute them
// ("train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte", also with dots or underscores).
import { basename } from 'node:path';

export type IdxSplit = 'train' | 'test';
export type IdxKind = 'images' | 'labels';

export interface IdxRole {
  split: IdxSplit;
  kind: IdxKind;
  gzip: boolean;
}

const PATTERN = /^(train|t10k|test)[-_.](images|labels)[-_.]idx([13])[-_.]ubyte(\.gz)?$/i;

export function idxRole(base: string): IdxRole | null {
  const m = PATTERN.exec(base);
  if (!m) return null;
  return { split: m[1]!.toLowerCase() === 'train' ? 'train' : 'test', kind: m[2]!.toLowerCase() as IdxKind, gzip: Boolean(m[4]) };
}

export const expectedName = (split: IdxSplit, kind: IdxKind) => `${split === 'train' ? 'train' : 't10k'}-${kind}-idx${kind === 'images' ? 3 : 1}-ubyte[.gz]`;

/** role key ("train/images") → file; an uncompressed copy is preferred over a .gz one. */
export function pickIdxFiles(files: readonly string[]): Map<string, string> {
  const picked = new Map<string, { file: string; gzip: boolean }>();
  for (const file of files) {
    const role = idxRole(basename(file));
    if (!role) continue;
    const key = `${role.split}/${role.kind}`;
    const prev = picked.get(key);
    if (!prev || (prev.gzip && !role.gzip)) picked.set(key, { file, gzip: role.gzip });
  }
  return new Map([...picked].map(([k, v]) => [k, v.file]));
}

export const FASHION_MNIST_CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
