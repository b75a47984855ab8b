// The demo's summary over seeds (src-main/cli/demo-seeds.ts), against hand-computed statistics.
import { describe, expect, it } from 'vitest';
import { formatMeanStd, summarizeDemoSeeds } from '../../../src-main/cli/demo-seeds';
import { pairedDifference } from '../../../shared/stats';
import type { DemoRow } from '../../../shared/types';

const row = (label: string, accuracy: number, gapRecovered: number | null = null, testAccuracy: number | null = null): DemoRow => ({
  runId: label,
  label,
  model: label === 'teacher' ? 'cnn-wide' : 'cnn-tiny',
  status: 'completed',
  accuracy,
  testAccuracy,
  params: 1,
  gapRecovered,
  seconds: 1,
});

describe('summarizeDemoSeeds', () => {
  it('reports the test split beside validation and judges "helps" on test when there is one', () => {
    // Validation says KD helps (+4, +6, +4); the test split says it does not (+1, −2, +0).
    const tables = [
      [row('teacher', 0.9, null, 0.89), row('baseline (CE)', 0.8, null, 0.8), row('KD', 0.84, 0.4, 0.81)],
      [row('teacher', 0.92, null, 0.9), row('baseline (CE)', 0.7, null, 0.72), row('KD', 0.76, 0.3, 0.7)],
      [row('teacher', 0.91, null, 0.91), row('baseline (CE)', 0.75, null, 0.76), row('KD', 0.79, 0.25, 0.76)],
    ];
    const [teacher, baseline, kd] = summarizeDemoSeeds(tables);
    expect(teacher!.testAccuracy!.mean).toBeCloseTo(0.9, 12);
    expect(baseline!.testVsBaseline).toBeNull();
    expect(kd!.vsBaseline!.mean).toBeCloseTo(0.14 / 3, 12);
    expect(kd!.testVsBaseline!.mean).toBeCloseTo(-0.01 / 3, 12);
    expect(kd!.testVsBaseline!.std).toBeCloseTo(Math.sqrt(((0.01 + 0.01 / 3) ** 2 + (-0.02 + 0.01 / 3) ** 2 + (0.01 / 3) ** 2) / 2), 12);
    expect(kd!.helps).toBe(false);
  });

  it('has no test figures when no run was scored on a test split', () => {
    const tables = [[row('teacher', 0.9), row('baseline (CE)', 0.8), row('KD', 0.84)]];
    const [, , kd] = summarizeDemoSeeds(tables);
    expect(kd!.testAccuracy).toBeNull();
    expect(kd!.testVsBaseline).toBeNull();
  });

  it('gives mean ± sample std per row and the paired difference against the same seed’s baseline', () => {
    const tables = [
      [row('teacher', 0.9), row('baseline (CE)', 0.8), row('KD', 0.84, 0.4)],
      [row('teacher', 0.92), row('baseline (CE)', 0.7), row('KD', 0.76, 0.3)],
      [row('teacher', 0.91), row('baseline (CE)', 0.75), row('KD', 0.79, 0.25)],
    ];
    const [teacher, baseline, kd] = summarizeDemoSeeds(tables);
    expect(teacher!.accuracy!.mean).toBeCloseTo(0.91, 12);
    expect(teacher!.accuracy!.std).toBeCloseTo(0.01, 12); // deviations −0.01, +0.01, 0: √(0.0002 / 2)
    expect(baseline!.vsBaseline).toBeNull();
    // KD − baseline per seed: 0.04, 0.06, 0.04 → mean 0.04667, sample std √((2·0.0006667² + 0.0013333²) / 2) = 0.011547
    expect(kd!.vsBaseline!.mean).toBeCloseTo(0.14 / 3, 12);
    expect(kd!.vsBaseline!.std).toBeCloseTo(0.0115470054, 9);
    expect(kd!.helps).toBe(true); // +4.67 ± 1.15: beyond the spread
    // the baseline's own spread (5 points) is far larger than the paired spread: pairing by seed matters
    expect(baseline!.accuracy!.std).toBeCloseTo(0.05, 12);
    expect(kd!.gapRecovered!.mean).toBeCloseTo(0.95 / 3, 12);
    expect(formatMeanStd(kd!.vsBaseline, true)).toBe('+4.67 ± 1.15');
  });

  it('calls a difference within its spread not helping, and pairs only seeds with both values', () => {
    const tables = [
      [row('teacher', 0.9), row('baseline (CE)', 0.8), row('KD', 0.83)],
      [row('teacher', 0.9), row('baseline (CE)', 0.8), row('KD', 0.78)],
    ];
    expect(summarizeDemoSeeds(tables)[2]!.helps).toBe(false); // +0.5 ± 3.5
    expect(pairedDifference([0.5, null, 0.7], [0.4, 0.4, 0.6])).toEqual({ mean: expect.closeTo(0.1, 12), std: expect.closeTo(0, 12), n: 2 });
  });
});
