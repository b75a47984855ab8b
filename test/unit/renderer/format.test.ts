import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatParams,
  formatPercent,
  formatProgressLine,
  formatRunCaption,
  formatShape,
  runDurationSeconds,
} from '../../../src-renderer/lib/format';

describe('format', () => {
  it('formats durations compactly', () => {
    expect([0.2, 45, 80, 600, 3599, 7380].map(formatDuration)).toEqual(['<1s', '45s', '1m 20s', '10m 0s', '59m 59s', '2h 03m']);
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(Infinity)).toBe('—');
  });

  it('writes the progress line of a running run', () => {
    const base = { runId: 'r', epoch: 2, epochs: 5, step: 43, totalSteps: 100, fraction: 0.43 };
    expect(formatProgressLine({ ...base, etaSeconds: 80, imagesPerSec: 512.4 })).toBe('epoch 2/5 · 43% · ETA 1m 20s · 512 img/s');
    expect(formatProgressLine({ ...base, etaSeconds: null, imagesPerSec: null })).toBe('epoch 2/5 · 43% · ETA …');
    expect(formatProgressLine({ ...base, fraction: 0.999, etaSeconds: 1, imagesPerSec: 3.92 })).toBe('epoch 2/5 · 99% · ETA 1s · 3.92 img/s');
    expect(formatProgressLine({ ...base, fraction: 1.2, etaSeconds: 0, imagesPerSec: 12.5 })).toContain('100% · ETA <1s · 12.5 img/s');
  });

  it('captions a run waiting on Slurm with Slurm’s reason, then its progress', () => {
    const base = { runId: 'r', epoch: 2, epochs: 5, step: 43, totalSteps: 100, fraction: 0.43, etaSeconds: null, imagesPerSec: null };
    expect(formatRunCaption({ ...base, waiting: 'pending on Slurm (Resources)' })).toBe('pending on Slurm (Resources)');
    expect(formatRunCaption({ ...base, waiting: null })).toBe('epoch 2/5 · 43% · ETA …');
    expect(formatRunCaption({ ...base, epoch: 0, step: 0, totalSteps: 0, fraction: 0, waiting: null })).toBe('starting the training worker…');
    expect(formatRunCaption(null)).toBe('starting the training worker…');
  });

  it('formats sizes, counts, parameters, percentages and shapes', () => {
    expect([0, 1536, 41_000_000].map(formatBytes)).toEqual(['0 B', '1.5 KB', '39.1 MB']);
    expect(formatCount(10000)).toBe('10,000');
    expect([850, 20_490, 1_234_567, 11_200_000].map(formatParams)).toEqual(['850', '20.5k', '1.23M', '11.2M']);
    expect(formatPercent(0.9734)).toBe('97.3%');
    expect(formatPercent(null)).toBe('—');
    expect(formatShape([28, 28, 1])).toBe('28×28×1');
  });

  it('measures a run from start to finish, or to now while running', () => {
    const startedAt = '2025-01-01T00:00:00.000Z';
    expect(runDurationSeconds({ startedAt, finishedAt: '2025-01-01T00:01:30.000Z' }, 0)).toBe(90);
    expect(runDurationSeconds({ startedAt, finishedAt: null }, Date.parse(startedAt) + 5000)).toBe(5);
    expect(runDurationSeconds({ startedAt: null, finishedAt: null }, 0)).toBeNull();
  });
});
