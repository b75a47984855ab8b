// Caps of one dataset import. A dataset file may come from anyone: a 2 MB .gz can claim 2 GiB of
// samples and every sample is held in memory until the shards are written, so sizes are checked
// before reading (file sizes, IDX headers, image counts) and while inflating (bytes and ratio).
import type { InflationCaps } from '../bounded-gunzip';
import { badInput, fmtInt } from './import-errors';

const MiB = 1024 * 1024;

export const IMPORT_LIMITS = {
  /** One source file or archive member, after inflation (CIFAR-100's train.bin is 154 MB). */
  maxFileBytes: 1024 * MiB,
  /** Inflated bytes per compressed byte of a .gz file or a .tar.gz archive (MNIST's are about 5). */
  maxGzipRatio: 200,
  /** Samples of one dataset, all splits together (CIFAR: 60,000; MNIST: 70,000). */
  maxSamples: 2_000_000,
  /** Decoded sample bytes of one dataset, held in memory until written. */
  maxSampleBytes: 2048 * MiB,
} as const;

/** Inflation may exceed the ratio by this much (tiny files and gzip headers inflate oddly). */
export const RATIO_SLACK_BYTES = 1 * MiB;

const mb = (n: number) => `${fmtInt(n / MiB)} MB`;

/** Refuses a file larger than maxFileBytes before it is read. */
export function checkFileSize(size: number, file: string): void {
  if (size > IMPORT_LIMITS.maxFileBytes) throw badInput(file, `${mb(size)}, more than the ${mb(IMPORT_LIMITS.maxFileBytes)} a dataset file may have: refused`);
}

/** The inflation caps of a dataset's gzip data (bounded-gunzip.ts): at most `maxBytes` and maxGzipRatio. */
export function inflationCaps(maxBytes: number = IMPORT_LIMITS.maxFileBytes): InflationCaps {
  return { maxBytes, maxRatio: IMPORT_LIMITS.maxGzipRatio, ratioSlackBytes: RATIO_SLACK_BYTES };
}

/** The refusal of a file whose inflation passed one of inflationCaps(maxBytes). */
export function inflationRefused(file: string, cap: 'size' | 'ratio', maxBytes: number = IMPORT_LIMITS.maxFileBytes): Error {
  return cap === 'size'
    ? badInput(file, `inflates beyond ${mb(maxBytes)}: refused`)
    : badInput(file, `inflates beyond ${IMPORT_LIMITS.maxGzipRatio} times its compressed size (a decompression bomb?): refused`);
}

/** Refuses a dataset of more samples, or more sample bytes, than the caps allow. */
export function checkSamples(count: number, sampleBytes: number, where: string): void {
  if (count > IMPORT_LIMITS.maxSamples)
    throw badInput(where, `${fmtInt(count)} samples, more than the ${fmtInt(IMPORT_LIMITS.maxSamples)} one dataset may have: refused`);
  if (count * sampleBytes > IMPORT_LIMITS.maxSampleBytes) {
    throw badInput(
      where,
      `${fmtInt(count)} samples of ${fmtInt(sampleBytes)} bytes make ${mb(count * sampleBytes)}, more than the ${mb(IMPORT_LIMITS.maxSampleBytes)} one dataset may hold: refused`,
    );
  }
}
