// Balanced weights from a term probe (lib/form/balance-weights.ts), against hand-computed values.
import { describe, expect, it } from 'vitest';
import { balancedMethods } from '../../../../src-renderer/lib/form/balance-weights';
import { defaultMethodForm, defaultRunForm, type RunFormState } from '../../../../src-renderer/lib/form/run-form';

const form = (on: Record<string, string>): RunFormState => {
  const f = defaultRunForm();
  for (const [m, weight] of Object.entries(on)) f.methods[m as 'kd'] = { ...defaultMethodForm(m as 'kd'), enabled: true, weight };
  return f;
};

describe('balancedMethods', () => {
  it('sets KD α so that α·KD = (1 − α)·CE, and scales NST to the CE that leaves', () => {
    // the demo pair at initialisation: CE 2.58, KD 8.68 (T = 4), NST 0.202 at λ = 50 (weighted 10.1)
    const probe = {
      images: 128,
      terms: [
        { name: 'ce', raw: 2.58, weighted: 0.258, share: 0 },
        { name: 'kd', raw: 8.68, weighted: 7.812, share: 0 },
        { name: 'nst[stage2]', raw: 0.202, weighted: 10.1, share: 0 },
      ],
    };
    const m = balancedMethods(form({ kd: '0.9', nst: '50' }), probe)!;
    const alpha = Number((2.58 / (2.58 + 8.68)).toPrecision(2)); // 0.23
    expect(m.kd!.weight).toBe(String(alpha));
    expect(m.nst!.weight).toBe(String(Number(((50 * (1 - alpha) * 2.58) / 10.1).toPrecision(2)))); // 9.8
  });

  it('sums a method over its pairs and keeps CE as it is without KD', () => {
    const probe = {
      images: 64,
      terms: [
        { name: 'ce', raw: 2, weighted: 2, share: 0 },
        { name: 'at[stage1]', raw: 0.001, weighted: 1, share: 0 },
        { name: 'at[stage2]', raw: 0.003, weighted: 3, share: 0 },
      ],
    };
    expect(balancedMethods(form({ at: '1000' }), probe)!.at!.weight).toBe('500'); // 1000 · 2 / 4
    expect(balancedMethods(form({ at: '1000' }), { images: 1, terms: [{ name: 'at[s]', raw: 1, weighted: 1, share: 1 }] })).toBeNull();
  });
});
