// The end-of-training pace line (src-main/cli/run-pace.ts), against hand-computed values.
import { describe, expect, it } from 'vitest';
import { averageThroughput, PaceTracker } from '../../../src-main/cli/run-pace';

describe('run pace', () => {
  it('averages throughput as images over summed step times (the harmonic mean)', () => {
    // two steps of 100 images: 0.5 s at 200 img/s and 2 s at 50 img/s → 200 images in 2.5 s = 80 img/s
    expect(averageThroughput([200, 50])).toBeCloseTo(80, 12);
    expect(averageThroughput([])).toBeNull();
    expect(averageThroughput([NaN, 0])).toBeNull();
  });

  it('judges the ETA shown once 10 % was done against the time the rest took', () => {
    const pace = new PaceTracker();
    pace.onProgress(0.05, 300, 1_000); // too early to judge
    pace.onProgress(0.12, 100, 10_000); // the ETA to judge: 100 s from t = 10 s
    pace.onProgress(0.5, 60, 50_000); // later estimates do not replace it
    expect(pace.etaCheck(90_000)).toEqual({ atFraction: 0.12, predictedSeconds: 100, actualSeconds: 80, error: 0.25 });
    expect(new PaceTracker().etaCheck(5_000)).toBeNull();
  });
});
