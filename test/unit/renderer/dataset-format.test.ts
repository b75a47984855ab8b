import { describe, expect, it } from 'vitest';
import {
  activeRuns,
  channelLabels,
  formatLabel,
  importCaption,
  isFinalPhase,
  meanColor,
  phaseLabel,
  splitNames,
  splitRows,
} from '../../../src-renderer/lib/dataset-format';
import type { DatasetRunRef } from '../../../shared/types';

const run = (name: string, status: DatasetRunRef['status'] = 'completed'): DatasetRunRef => ({ id: `id-${name}`, name, status });

describe('dataset-format', () => {
  it('names formats for people and keeps unknown ones as stored', () => {
    expect(['cifar10', 'cifar100', 'idx', 'folder', 'mnist-demo'].map(formatLabel)).toEqual([
      'CIFAR-10',
      'CIFAR-100',
      'IDX (MNIST-style)',
      'Image folder',
      'MNIST demo',
    ]);
    expect(formatLabel('svhn')).toBe('svhn');
  });

  it('orders splits train, val, test, then others alphabetically', () => {
    expect(splitNames({ test: 1, extra: 2, train: 3, aux: 4, val: 5 })).toEqual(['train', 'val', 'test', 'aux', 'extra']);
  });

  it('gives each split its share of all samples', () => {
    expect(splitRows({ val: 50, train: 450, test: 100 })).toEqual([
      { name: 'train', label: 'Train', count: 450, share: 0.75 },
      { name: 'val', label: 'Validation', count: 50, share: 50 / 600 },
      { name: 'test', label: 'Test', count: 100, share: 100 / 600 },
    ]);
    expect(splitRows({ train: 0 })[0]!.share).toBe(0);
  });

  it('labels channels grey, RGB or by number', () => {
    expect(channelLabels(1)).toEqual(['Grey']);
    expect(channelLabels(3)).toEqual(['R', 'G', 'B']);
    expect(channelLabels(2)).toEqual(['ch0', 'ch1']);
  });

  it('turns a mean in [0, 1] into a CSS colour, grey for one channel, clamped', () => {
    expect(meanColor([0.1307])).toBe('rgb(33, 33, 33)');
    expect(meanColor([0.4914, 0.4822, 0.4465])).toBe('rgb(125, 123, 114)');
    expect(meanColor([1.5, -1, Number.NaN])).toBe('rgb(255, 0, 0)');
  });

  it('finds the runs that block a deletion even with force', () => {
    const runs = [run('a', 'completed'), run('b', 'running'), run('c', 'queued'), run('d', 'failed')];
    expect(activeRuns(runs).map((r) => r.name)).toEqual(['b', 'c']);
  });

  it('writes the import progress line with phase, percent and ETA', () => {
    expect(importCaption({ phase: 'reading', fraction: 0.437, etaSeconds: 12.4, elapsedSeconds: 9 })).toBe('Reading · 43% · ETA 12s');
    expect(importCaption({ phase: 'detecting', fraction: 0, etaSeconds: null, elapsedSeconds: 0 })).toBe('Detecting the format · 0% · ETA …');
    expect(importCaption({ phase: 'writing', fraction: 0.99, etaSeconds: 90, elapsedSeconds: 600 })).toBe('Writing shards · 99% · ETA 1m 30s');
    expect(importCaption({ phase: 'done', fraction: 1, etaSeconds: 0, elapsedSeconds: 3.2 })).toBe('Done · 100% · took 3s');
    expect(importCaption({ phase: 'cancelled', fraction: 0.31, etaSeconds: 4, elapsedSeconds: 0.4 })).toBe('Cancelled · 31% · took <1s');
    expect(importCaption({ phase: 'reading', fraction: Number.NaN, etaSeconds: null, elapsedSeconds: 1 })).toBe('Reading · 0% · ETA …');
  });

  it('knows which phases end an import', () => {
    expect((['detecting', 'reading', 'splitting', 'writing'] as const).map(isFinalPhase)).toEqual([false, false, false, false]);
    expect((['done', 'failed', 'cancelled'] as const).map(isFinalPhase)).toEqual([true, true, true]);
    expect(phaseLabel('splitting')).toBe('Splitting');
  });
});
