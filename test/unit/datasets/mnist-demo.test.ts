// The bundled demo: 10,000 real digits from the `mnist` package, split 80/20 per class with a
// fixed seed, pixel values faithfully converted to uint8.
import { describe, expect, it } from 'vitest';
import { loadMnistPackage, mnistDemoDataset } from '../../../src-main/datasets/mnist-demo';
import { classCounts } from '../../../src-main/datasets/shard-store';
import { stratifiedSplit } from '../../../src-main/datasets/stratified-split';

describe('MNIST demo dataset', () => {
  const all = loadMnistPackage();

  it('holds 10,000 28×28 digits of all ten classes', () => {
    expect(all.count).toBe(10000);
    expect(all.images.length).toBe(10000 * 784);
    const counts = classCounts(all.labels, 10);
    expect(counts.every((c) => c > 800)).toBe(true);
    expect(counts.reduce((a, b) => a + b)).toBe(10000);
    // Real digits: mostly background, with ink in every image.
    const first = all.images.subarray(0, 784);
    expect(first.filter((v) => v === 0).length).toBeGreaterThan(400);
    expect(Math.max(...first)).toBeGreaterThan(200);
  });

  it('splits 80/20 within every class, the same way for the same seed', () => {
    const a = mnistDemoDataset();
    const b = mnistDemoDataset();
    expect(a.splits.train!.count).toBe(8000);
    expect(a.splits.val!.count).toBe(2000);
    expect(Buffer.from(a.splits.val!.labels).equals(Buffer.from(b.splits.val!.labels))).toBe(true);
    const total = classCounts(all.labels, 10);
    const val = classCounts(a.splits.val!.labels, 10);
    val.forEach((v, c) => expect(Math.abs(v - total[c]! * 0.2)).toBeLessThanOrEqual(0.5));
  });

  it('keeps at least one sample per class on each side of a stratified split', () => {
    const data = { images: new Uint8Array(5), labels: Uint8Array.from([0, 0, 1, 1, 2]), count: 5 };
    const { train, val } = stratifiedSplit(data, 1, 0.1, 3);
    expect(classCounts(val.labels, 3)).toEqual([1, 1, 0]); // a class of one stays in train
    expect(classCounts(train.labels, 3)).toEqual([1, 1, 1]);
  });
});
