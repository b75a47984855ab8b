import { describe, expect, it } from 'vitest';
import { emaSmooth, emaSmoothPoints } from '../../../../src-renderer/lib/charts/smoothing';
import { meanStd, meanStdBand } from '../../../../src-renderer/lib/tables/stats';

describe('EMA smoothing', () => {
  it('is the identity at weight 0', () => {
    expect(emaSmooth([3, 1, 2], 0)).toEqual([3, 1, 2]);
  });

  it('debiases the start like TensorBoard and leaves a constant curve unchanged', () => {
    expect(emaSmooth([5, 5, 5, 5], 0.9).map((v) => Number(v.toFixed(12)))).toEqual([5, 5, 5, 5]);
    const [a, b] = emaSmooth([1, 3], 0.5);
    expect(a).toBeCloseTo(1); // (0.5·1) / (1 − 0.5)
    expect(b).toBeCloseTo((0.25 * 1 + 0.5 * 3) / 0.75);
  });

  it('passes NaN through without disturbing the average', () => {
    const out = emaSmooth([1, Number.NaN, 1], 0.6);
    expect(out[0]).toBeCloseTo(1);
    expect(Number.isNaN(out[1])).toBe(true);
    expect(out[2]).toBeCloseTo(1);
  });

  it('smooths points keeping x', () => {
    expect(
      emaSmoothPoints(
        [
          { x: 10, y: 2 },
          { x: 20, y: 2 },
        ],
        0.8,
      ).map((p) => p.x),
    ).toEqual([10, 20]);
  });
});

describe('mean ± std', () => {
  it('uses the sample standard deviation and ignores missing values', () => {
    const s = meanStd([1, 2, 3, 4, null, Number.NaN]);
    expect(s!.mean).toBe(2.5);
    expect(s!.std).toBeCloseTo(Math.sqrt(5 / 3));
    expect(s!.n).toBe(4);
    expect(meanStd([7])).toEqual({ mean: 7, std: 0, n: 1 });
    expect(meanStd([])).toBeNull();
  });

  it('builds a band over the steps the curves share', () => {
    const a = [
      { x: 1, y: 1 },
      { x: 2, y: 2 },
      { x: 3, y: 5 },
    ];
    const b = [
      { x: 1, y: 3 },
      { x: 2, y: 4 },
    ];
    const band = meanStdBand([a, b]);
    expect(band.map((p) => p.x)).toEqual([1, 2]);
    expect(band[0]!.mean).toBe(2);
    expect(band[0]!.upper - band[0]!.mean).toBeCloseTo(Math.SQRT2);
    expect(band[0]!.mean - band[0]!.lower).toBeCloseTo(Math.SQRT2);
  });
});
