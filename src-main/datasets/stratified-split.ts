// Seeded, stratified carving of a validation split from train: every class keeps its share.
import { seededPermutation } from '../../shared/seeded-random';
import type { SplitData } from './shard-layout';

export function gatherSamples(src: SplitData, indices: ArrayLike<number>, sampleSize: number): SplitData {
  const images = new Uint8Array(indices.length * sampleSize);
  const labels = new Uint8Array(indices.length);
  const coarse = src.coarseLabels ? new Uint8Array(indices.length) : undefined;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    images.set(src.images.subarray(i * sampleSize, (i + 1) * sampleSize), k * sampleSize);
    labels[k] = src.labels[i]!;
    if (coarse) coarse[k] = src.coarseLabels![i]!;
  }
  return coarse ? { images, labels, count: indices.length, coarseLabels: coarse } : { images, labels, count: indices.length };
}

/**
 * Which samples go to train and which to val: `valShare` of every class goes to val (rounded, at
 * least one sample per class when the class has two or more, never the whole class). Both index
 * lists come out shuffled with `seed`, so the stored splits are already in a random order.
 */
export function stratifiedIndices(labels: Uint8Array, valShare: number, seed: number): { train: Uint32Array; val: Uint32Array } {
  const order = seededPermutation(labels.length, seed);
  const byClass = new Map<number, number[]>();
  for (const i of order) {
    const l = labels[i]!;
    if (!byClass.has(l)) byClass.set(l, []);
    byClass.get(l)!.push(i);
  }
  const trainIdx: number[] = [];
  const valIdx: number[] = [];
  for (const idx of byClass.values()) {
    let nVal = Math.round(idx.length * valShare);
    if (valShare > 0 && idx.length >= 2) nVal = Math.min(Math.max(nVal, 1), idx.length - 1);
    for (let k = 0; k < idx.length; k++) (k < nVal ? valIdx : trainIdx).push(idx[k]!);
  }
  const shuffle = (arr: number[], s: number) => {
    const p = seededPermutation(arr.length, s);
    return Uint32Array.from(p, (k) => arr[k]!);
  };
  return { train: shuffle(trainIdx, seed + 1), val: shuffle(valIdx, seed + 2) };
}

/** Splits `data` into train/val with `stratifiedIndices` and copies the samples. */
export function stratifiedSplit(data: SplitData, sampleSize: number, valShare: number, seed: number): { train: SplitData; val: SplitData } {
  const { train, val } = stratifiedIndices(data.labels.subarray(0, data.count), valShare, seed);
  return { train: gatherSamples(data, train, sampleSize), val: gatherSamples(data, val, sampleSize) };
}
