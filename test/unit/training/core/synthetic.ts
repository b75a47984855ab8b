// Tiny synthetic datasets for fast in-process training-loop tests: 8×8×1 images whose class is
// which quadrant is bright, so a small CNN can learn it in a few steps.
import { mulberry32 } from '../../../../shared/seeded-random';
import { RunConfigSchema, type RunConfig, type RunConfigInput } from '../../../../shared/schemas/run-config';
import type { SampleSource } from '../../../../src-main/training/core/batches';

export function quadrants(count: number, seed = 1): SampleSource {
  const rand = mulberry32(seed);
  const images = new Uint8Array(count * 64);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const c = Math.floor(rand() * 4);
    labels[i] = c;
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++) {
        const bright = (y < 4 ? 0 : 2) + (x < 4 ? 0 : 1) === c;
        images[i * 64 + y * 8 + x] = Math.round((bright ? 180 : 30) + rand() * 60);
      }
  }
  return { images, labels, count, shape: [8, 8, 1] };
}

export const norm = { mean: [0.3], std: [0.3] };

export const config = (over: Partial<RunConfigInput> = {}): RunConfig =>
  RunConfigSchema.parse({
    datasetId: 'synthetic',
    model: 'cnn',
    epochs: 2,
    batchSize: 16,
    seed: 3,
    augment: { randomCrop: false, horizontalFlip: false },
    ...over,
  });
