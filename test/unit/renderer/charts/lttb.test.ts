import { describe, expect, it } from 'vitest';
import { lttb, lttbIndices } from '../../../../src-renderer/lib/charts/lttb';

describe('LTTB downsampling', () => {
  it('keeps everything when the series is already small', () => {
    const pts = [
      { x: 0, y: 1 },
      { x: 1, y: 2 },
      { x: 2, y: 0 },
    ];
    expect(lttb(pts, 10)).toEqual(pts);
    expect(lttbIndices([0, 1, 2], [1, 2, 0], 2)).toEqual([0, 1, 2]);
  });

  it('returns exactly `threshold` points, first and last included, in order', () => {
    const n = 10_000;
    const xs = Array.from({ length: n }, (_, i) => i);
    const ys = xs.map((x) => Math.sin(x / 100) + 0.01 * ((x * 7919) % 13));
    const idx = lttbIndices(xs, ys, 500);
    expect(idx).toHaveLength(500);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(n - 1);
    for (let i = 1; i < idx.length; i++) expect(idx[i]!).toBeGreaterThan(idx[i - 1]!);
  });

  it('keeps a single spike that plain striding would drop', () => {
    const n = 1000;
    const pts = Array.from({ length: n }, (_, i) => ({ x: i, y: i === 503 ? 50 : 1 }));
    const out = lttb(pts, 20);
    expect(out.some((p) => p.y === 50)).toBe(true);
    const strided = pts.filter((_, i) => i % 50 === 0);
    expect(strided.some((p) => p.y === 50)).toBe(false);
  });

  it('matches a hand-computed 5 → 3 case', () => {
    // buckets: first (0), middle one bucket of [1, 2, 3] against a = p0 and the last point
    const xs = [0, 1, 2, 3, 4];
    const ys = [0, 0, 5, 0, 0];
    expect(lttbIndices(xs, ys, 3)).toEqual([0, 2, 4]);
  });
});
