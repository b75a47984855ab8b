// When a compiled step's values count as the eager step's (backends/tensorflow/graph-step.ts):
// within 1e-4 + 1e-3·|v|, NaN only against NaN, and, among read-back values, a count of hits off
// by one (two logits tying to float32 precision may swap under a fused op's rounding).
import { describe, expect, it } from 'vitest';
import { valuesAgree } from '../../../../src-main/backends/tensorflow/graph-step';

describe('valuesAgree', () => {
  it('accepts rounding-sized differences and refuses larger ones', () => {
    expect(valuesAgree([1.00005, 100.05], [1, 100])).toBe(true);
    expect(valuesAgree([1.002], [1])).toBe(false);
    expect(valuesAgree([0.00009], [0])).toBe(true);
    expect(valuesAgree([0.0002], [0])).toBe(false);
    expect(valuesAgree([1, 2], [1])).toBe(false);
  });

  it('matches NaN only with NaN', () => {
    expect(valuesAgree([NaN], [NaN])).toBe(true);
    expect(valuesAgree([0], [NaN])).toBe(false);
    expect(valuesAgree([NaN], [0])).toBe(false);
  });

  it('lets counts differ by one only where asked', () => {
    expect(valuesAgree([2.5, 31], [2.5, 30], true)).toBe(true);
    expect(valuesAgree([2.5, 32], [2.5, 30], true)).toBe(false);
    expect(valuesAgree([2.5, 31], [2.5, 30])).toBe(false);
    expect(valuesAgree([1.5], [0.5], true)).toBe(false); // not integers: no count
  });
});
