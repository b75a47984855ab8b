// Sweep grids expand to the expected runs (kernels only where NST is used, seed groups tagged),
// and LTTB keeps the extremes of a long series at a fixed size.
import { describe, expect, it } from 'vitest';
import { expandSweep } from '../../../src-main/services/sweep';
import { lttbIndices } from '../../../shared/lttb';
import { presetTerms } from '../../../shared/presets';
import { RunConfigSchema } from '../../../shared/schemas/run-config';

const taps = ['logits', 'stage1', 'stage2'];
const base = RunConfigSchema.parse({ name: 'sweep', datasetId: 'd', model: 'cnn', kind: 'distill', teacherRunId: 't', terms: presetTerms('kd', taps, taps) });

describe('expandSweep', () => {
  it('crosses methods × weight scales × kernels (NST only) × seeds', () => {
    const configs = expandSweep({
      base,
      methods: [
        { label: 'KD', terms: presetTerms('kd', taps, taps) },
        { label: 'NST', terms: presetTerms('nst-poly', taps, taps) },
      ],
      weightScales: [0.5, 1],
      kernels: ['linear', 'gaussian'],
      seeds: [1, 2, 3],
    });
    // KD: 2 scales × 1 × 3 seeds = 6; NST: 2 scales × 2 kernels × 3 seeds = 12
    expect(configs).toHaveLength(18);
    const nstHalfGauss = configs.filter((c) => c.name!.startsWith('NST ×0.5 gaussian'));
    expect(nstHalfGauss.map((c) => c.seed)).toEqual([1, 2, 3]);
    const nst = nstHalfGauss[0]!.terms.find((t) => t.method === 'nst')!;
    expect(nst.weight).toBe(25);
    expect(nst.options).toMatchObject({ kernel: 'gaussian' });
    expect(nstHalfGauss[0]!.terms.find((t) => t.method === 'ce')!.weight).toBe(1); // ce is never scaled
    const groups = new Set(configs.map((c) => c.tags.find((t) => t.startsWith('group:'))));
    expect(groups.size).toBe(6); // one per grid point
    expect(new Set(configs.map((c) => c.tags.find((t) => t.startsWith('sweep:')))).size).toBe(1);
  });

  it('refuses grids that would flood the queue', () => {
    expect(() => expandSweep({ base, weightScales: Array.from({ length: 30 }, (_, i) => i + 1), seeds: Array.from({ length: 10 }, (_, i) => i) })).toThrow(
      /300 runs; the limit is 200/,
    );
  });
});

describe('LTTB', () => {
  it('keeps first, last and the spikes of a long noisy series', () => {
    const n = 10_000;
    const xs = Array.from({ length: n }, (_, i) => i);
    const ys = xs.map((x) => Math.sin(x / 500) + (x === 4321 ? 10 : 0) + (x === 7777 ? -10 : 0));
    const keep = lttbIndices(xs, ys, 200);
    expect(keep).toHaveLength(200);
    expect(keep[0]).toBe(0);
    expect(keep.at(-1)).toBe(n - 1);
    expect(keep).toContain(4321);
    expect(keep).toContain(7777);
    expect([...keep].sort((a, b) => a - b)).toEqual(keep);
  });

  it('returns everything when the series is already short', () => {
    expect(lttbIndices([1, 2, 3], [1, 2, 3], 10)).toEqual([0, 1, 2]);
  });
});
