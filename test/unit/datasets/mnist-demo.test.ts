// The bundled demo: 10,000 real digits from the `mnist` package, split 60/20/20 (train, val,
// test) per class with a fixed seed, pixel values faithfully converted to uint8.
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

  it('splits 60/20/20 within every class, the same way for the same seed', () => {
    const a = mnistDemoDataset();
    const b = mnistDemoDataset();
    expect(a.splits.train!.count).toBe(5998); // 25 % of each class, rounded per class
    expect(a.splits.val!.count).toBe(2000);
    expect(a.splits.test!.count).toBe(2002);
    for (const split of ['train', 'val', 'test'] as const) {
      expect(Buffer.from(a.splits[split]!.images).equals(Buffer.from(b.splits[split]!.images))).toBe(true);
    }
    const total = classCounts(all.labels, 10);
    for (const split of ['val', 'test'] as const) {
      classCounts(a.splits[split]!.labels, 10).forEach((v, c) => expect(Math.abs(v - total[c]! * 0.2)).toBeLessThanOrEqual(1));
    }
  });

  it('keeps the validation split it had before the test split was carved from train', () => {
    // Earlier installs scored the demo on these 2,000 digits; their numbers stay comparable.
    const { val } = stratifiedSplit(all, 784, 0.2, 20170707);
    expect(Buffer.from(mnistDemoDataset().splits.val!.images).equals(Buffer.from(val.images))).toBe(true);
  });

  it('never puts one image in two splits', () => {
    const { splits } = mnistDemoDataset();
    const key = (s: NonNullable<typeof splits.train>, i: number) => Buffer.from(s.images.subarray(i * 784, (i + 1) * 784)).toString('base64');
    const seen = new Map<string, string>();
    let shared = 0;
    for (const name of ['train', 'val', 'test'] as const) {
      const s = splits[name]!;
      for (let i = 0; i < s.count; i++) {
        const k = key(s, i);
        const where = seen.get(k);
        if (where && where !== name) shared++;
        seen.set(k, name);
      }
    }
    // The package itself holds a few byte-identical digits; a split boundary may fall between
    // two copies, but the splits are carved from distinct indices.
    expect(shared).toBeLessThanOrEqual(5);
  });

  it('keeps at least one sample per class on each side of a stratified split', () => {
    const data = { images: new Uint8Array(5), labels: Uint8Array.from([0, 0, 1, 1, 2]), count: 5 };
    const { train, val } = stratifiedSplit(data, 1, 0.1, 3);
    expect(classCounts(val.labels, 3)).toEqual([1, 1, 0]); // a class of one stays in train
    expect(classCounts(train.labels, 3)).toEqual([1, 1, 1]);
  });
});
