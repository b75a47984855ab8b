// Balanced term weights (shared/balance-weights.ts) against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { applyBalance, balanceFor } from '../../../shared/balance-weights';
import type { Term } from '../../../shared/schemas/run-config';

describe('balanceFor / applyBalance', () => {
  it('gives KD the α that makes α·KD equal (1 − α)·CE, and scales NST to the CE that remains', () => {
    // CE 2.3 raw (weighted 0.23 at 0.1), KD 7.7 raw (weighted 6.93 at 0.9), NST 0.5 raw at λ = 50 → 25.
    const measured = [
      { name: 'ce', raw: 2.3, weighted: 0.23 },
      { name: 'kd', raw: 7.7, weighted: 6.93 },
      { name: 'nst[stage2]', raw: 0.5, weighted: 25 },
    ];
    const b = balanceFor(measured)!;
    expect(b.complement).toEqual({ method: 'kd', alpha: 0.23 }); // 2.3 / (2.3 + 7.7) = 0.23
    // CE then weighs (1 − 0.23)·2.3 = 1.771; NST's weighted 25 must become 1.771: × 0.07084
    expect(b.scale.get('nst')).toBeCloseTo(1.771 / 25, 12);
    const terms: Term[] = [
      { method: 'ce', weight: 0.1 },
      { method: 'kd', weight: 0.9, options: { temperature: 4 } },
      { method: 'nst', weight: 50, teacherTap: 'stage2', studentTap: 'stage2', options: { kernel: 'poly' } },
    ];
    const out = applyBalance(terms, b);
    expect(out.map((t) => t.weight)).toEqual([0.77, 0.23, 3.5]); // 50 × 0.07084 = 3.542 → two digits
    expect(out[1]!.options).toEqual({ temperature: 4 });
    expect(terms[2]!.weight).toBe(50); // the input is left alone
  });

  it('keeps the ratio between pairs of one method, and needs no complement', () => {
    const measured = [
      { name: 'ce', raw: 2, weighted: 2 },
      { name: 'at[stage1]', raw: 0.001, weighted: 1 },
      { name: 'at[stage2]', raw: 0.003, weighted: 3 },
    ];
    const b = balanceFor(measured)!;
    expect(b.complement).toBeNull();
    expect(b.scale.get('at')).toBeCloseTo(0.5, 12); // AT sums to 4; CE is 2
    const out = applyBalance(
      [
        { method: 'ce', weight: 1 },
        { method: 'at', weight: 1000, teacherTap: 'stage1', studentTap: 'stage1' },
        { method: 'at', weight: 1000, teacherTap: 'stage2', studentTap: 'stage2' },
      ],
      b,
    );
    expect(out.map((t) => t.weight)).toEqual([1, 500, 500]);
  });

  it('cannot say without CE, or when a term is zero', () => {
    expect(balanceFor([{ name: 'kd', raw: 1, weighted: 1 }])).toBeNull();
    expect(
      balanceFor([
        { name: 'ce', raw: 1, weighted: 1 },
        { name: 'nst[stage3]', raw: 0, weighted: 0 },
      ]),
    ).toBeNull();
    expect(
      balanceFor([
        { name: 'ce', raw: 1, weighted: 0.1 },
        { name: 'kd', raw: 0, weighted: 0 },
      ]),
    ).toBeNull();
  });
});
