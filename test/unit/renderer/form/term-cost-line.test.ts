// The New run form's arithmetic line: the terms come from the form exactly as it submits them
// (validateRunForm), the shares from shared/term-cost.ts; expected values worked out by hand for
// the MNIST models (cnn: 1,031,744 forward MACs per image on 28×28×1, a CE step 3× that).
import { describe, expect, it } from 'vitest';
import { presetTerms, type PresetName } from '../../../../shared/presets';
import { termsToForm } from '../../../../src-renderer/lib/form/form-config';
import { defaultRunForm, validateRunForm } from '../../../../src-renderer/lib/form/run-form';
import { formatShare, termCostLine } from '../../../../src-renderer/lib/form/term-cost-line';

const resnet8 = [
  { name: 'logits', shape: [10] },
  { name: 'stage1', shape: [28, 28, 16] },
  { name: 'stage2', shape: [14, 14, 32] },
  { name: 'stage3', shape: [7, 7, 64] },
];
const cnnWide = [
  { name: 'logits', shape: [10] },
  { name: 'stage1', shape: [28, 28, 32] },
  { name: 'stage2', shape: [14, 14, 64] },
];
const cnn = [
  { name: 'logits', shape: [10] },
  { name: 'stage1', shape: [28, 28, 16] },
  { name: 'stage2', shape: [14, 14, 32] },
];
const CNN_FLOPS = 28 * 28 * 9 * 16 + 14 * 14 * 9 * 16 * 32 + 7 * 7 * 32 * 10; // 1,031,744

/** The terms a distill form set up from a preset submits. */
function formTerms(preset: PresetName, teacher: typeof cnn) {
  const form = { ...defaultRunForm(), kind: 'distill' as const, datasetId: 'mnist-demo', model: 'cnn', teacherRunId: 't1' };
  termsToForm(
    presetTerms(
      preset,
      teacher.map((t) => t.name),
      cnn.map((t) => t.name),
    ),
    form,
  );
  return validateRunForm(form).candidate.terms ?? [];
}

const line = (preset: PresetName, teacher = resnet8) =>
  termCostLine({ studentFlops: CNN_FLOPS, teacherTaps: teacher, studentTaps: cnn, terms: formTerms(preset, teacher) });

describe('termCostLine', () => {
  it('NST poly resnet8 → cnn: 196·(3·32²) + 196·32·64 = 1,003,520 extra MACs, 32 % of 3,095,232', () => {
    expect(line('nst-poly')).toEqual({
      text: 'Extra arithmetic per step ≈ +32 % over a plain student step (NST stage2 14×14, 32+32 channels: +32 %)',
      warning: false,
    });
  });

  it('warns above 50 %: KD + NST from cnn-wide, 196·(32² + 32·64 + 64²) + 196·32·96 = 2,007,040 → 65 %', () => {
    expect(line('kd+nst', cnnWide)).toEqual({
      text: 'Extra arithmetic per step ≈ +65 % over a plain student step (NST stage2 14×14, 32+64 channels: +65 %): a large share for this student; KD, AT and NST-linear add no products',
      warning: true,
    });
  });

  it('divides by the model’s step MACs when known: 3 · 1,031,744 − 112,896 (no image gradient) = 2,982,336 → 67 %', () => {
    const terms = formTerms('kd+nst', cnnWide);
    const withStep = termCostLine({
      studentFlops: CNN_FLOPS,
      studentStepMacs: 3 * CNN_FLOPS - 28 * 28 * 9 * 16,
      teacherTaps: cnnWide,
      studentTaps: cnn,
      terms,
    });
    expect(withStep?.text).toMatch(/^Extra arithmetic per step ≈ \+67 % over a plain student step \(NST stage2 14×14, 32\+64 channels: \+67 %\)/);
  });

  it('FitNet names its adapter’s channels; KD and AT are element-wise only', () => {
    expect(line('fitnet')?.text).toBe('Extra arithmetic per step ≈ +19 % over a plain student step (FitNet stage1 28×28, 16→16 channels: +19 %)');
    expect(line('kd')?.text).toBe('Extra arithmetic per step ≈ +0 % over a plain student step (element-wise only)');
    expect(line('at')?.warning).toBe(false);
  });

  it('is hidden without a teacher (none chosen, or an imported TF.js model) or without a MAC count', () => {
    const terms = formTerms('nst-poly', resnet8);
    expect(termCostLine({ studentFlops: CNN_FLOPS, teacherTaps: [], studentTaps: cnn, terms })).toBeNull();
    expect(termCostLine({ studentFlops: CNN_FLOPS, teacherTaps: null, studentTaps: cnn, terms })).toBeNull();
    expect(termCostLine({ studentFlops: undefined, teacherTaps: resnet8, studentTaps: cnn, terms })).toBeNull();
    expect(termCostLine({ studentFlops: 0, teacherTaps: resnet8, studentTaps: cnn, terms })).toBeNull();
  });
});

describe('formatShare', () => {
  it('whole percent from 10 %, one decimal below, "<0.1" for a trace', () => {
    expect(formatShare(3.87)).toBe('+387 %');
    expect(formatShare(0.324)).toBe('+32 %');
    expect(formatShare(0.0081)).toBe('+0.8 %');
    expect(formatShare(0.0001)).toBe('+<0.1 %');
    expect(formatShare(0)).toBe('+0 %');
  });
});
