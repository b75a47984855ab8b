// Seeded, stratified carving of a validation split from train: every class keeps its share.
import { seededPermutation } from '../../shared/seeded-random';
import type { SplitData } from './shard-store';

export function gatherSamples(src: SplitData, indices: ArrayLike<number>, sampleSize: number): SplitData {
  const images = new Uint8Array(indices.length * sampleSize);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    images.set(src.images.subarray(i * sampleSize, (i + 1) * sampleSize), k * sampleSize);
    labels[k] = src.labels[i]!;
  }
  return { images, labels, count: indices.length };
}

/**
 * Splits `data` into train/val with `valShare` of every class going to val (rounded, at least
 * one sample per class when the class has two or more). Both outputs are shuffled with `seed`.
 */
export function stratifiedSplit(
  data: SplitData,
  sampleSize: number,
  valShare: number,
  seed: number,
): { train: SplitData; val: SplitData } {
  const order = seededPermutation(data.count, seed);
  const byClass = new Map<number, number[]>();
  for (const i of order) {
    const l = data.labels[i]!;
    if (!byClass.has(l)) byClass.set(l, []);
    byClass.get(l)!.push(i);
  }
  const trainIdx: number[] = [];
  const valIdx: number[] = [];
  for (const idx of byClass.values()) {
    let nVal = Math.round(idx.length * valShare);
    if (valShare > 0 && idx.length >= 2) nVal = Math.min(Math.max(nVal, 1), idx.length - 1);
    valIdx.push(...idx.slice(0, nVal));
    trainIdx.push(...idx.slice(nVal));
  }
  const shuffle = (arr: number[], s: number) => {
    const p = seededPermutation(arr.length, s);
    return Array.from(p, (k) => arr[k]!);
  };
  return {
    train: gatherSamples(data, shuffle(trainIdx, seed + 1), sampleSize),
    val: gatherSamples(data, shuffle(valIdx, seed + 2), sampleSize),
  };
}
