import { describe, expect, it } from 'vitest';
import { estimateQueue, runImages } from '../../../../src-renderer/lib/tables/queue-eta';

describe('queue ETA', () => {
  it('starts queued runs in order as the single slot frees', () => {
    const eta = estimateQueue(
      [{ id: 'r', etaSeconds: 30 }],
      [
        { id: 'a', images: 1000, imagesPerSec: 100 },
        { id: 'b', images: 500, imagesPerSec: 50 },
      ],
      1,
    );
    expect(eta.queued).toEqual([
      { id: 'a', startsIn: 30, duration: 10, finishesIn: 40 },
      { id: 'b', startsIn: 40, duration: 10, finishesIn: 50 },
    ]);
    expect(eta.totalSeconds).toBe(50);
  });

  it('fills free slots first with concurrency 2', () => {
    const eta = estimateQueue(
      [{ id: 'r', etaSeconds: 100 }],
      [
        { id: 'a', images: 100, imagesPerSec: 10 },
        { id: 'b', images: 100, imagesPerSec: 10 },
      ],
      2,
    );
    expect(eta.queued.map((q) => q.startsIn)).toEqual([0, 10]);
    expect(eta.totalSeconds).toBe(100);
  });

  it('says unknown rather than guessing', () => {
    const eta = estimateQueue(
      [],
      [
        { id: 'a', images: 100, imagesPerSec: null },
        { id: 'b', images: 100, imagesPerSec: 10 },
      ],
      1,
    );
    expect(eta.queued[0]).toEqual({ id: 'a', startsIn: 0, duration: null, finishesIn: null });
    expect(eta.queued[1]!.startsIn).toBeNull();
    expect(eta.totalSeconds).toBeNull();
    expect(estimateQueue([{ id: 'r', etaSeconds: null }], [], 1).totalSeconds).toBeNull();
    expect(estimateQueue([], [], 1).totalSeconds).toBe(0);
  });

  it('counts the images a run sees', () => {
    expect(runImages({ epochs: 2, maxTrainSamples: 256 }, 8000)).toBe(512);
    expect(runImages({ epochs: 3 }, 8000)).toBe(24000);
    expect(runImages({ epochs: 3, maxTrainSamples: 10_000 }, 8000)).toBe(24000);
    expect(runImages({ epochs: 3 }, undefined)).toBe(0);
  });
});
