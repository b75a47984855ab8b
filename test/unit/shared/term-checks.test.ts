// Terms against the models' taps (shared/term-checks.ts): which pairs the engine cannot train,
// and which it can (pooling, resizing, a 2× adapter); unknown taps are not guessed at.
import { describe, expect, it } from 'vitest';
import type { Term } from '../../../shared/schemas/run-config';
import { checkTerms, describeTermProblems, type TapSide } from '../../../shared/term-checks';

const side = (model: string, classes: number, maps: Record<string, [number, number, number]>): TapSide => ({
  model,
  taps: [{ name: 'logits', shape: [classes] }, ...Object.entries(maps).map(([name, shape]) => ({ name, shape }))],
});
const teacher = side('resnet32', 10, { stage1: [32, 32, 16], stage2: [16, 16, 32], stage3: [8, 8, 64] });
const student = side('cnn', 10, { stage1: [32, 32, 16], stage2: [16, 16, 32] });
const check = (terms: Term[], t: TapSide | null = teacher, s: TapSide = student) => describeTermProblems(checkTerms(terms, t, s));

describe('checkTerms', () => {
  it('accepts pairs the engine aligns: equal, pooled, resized, a 2× adapter', () => {
    expect(
      check([
        { method: 'at', weight: 1, teacherTap: 'stage3', studentTap: 'stage1' },
        { method: 'nst', weight: 1, teacherTap: 'stage2', studentTap: 'stage2' },
        { method: 'hint', weight: 1, teacherTap: 'stage3', studentTap: 'stage2' },
        { method: 'hint', weight: 1, teacherTap: 'stage1', studentTap: 'stage2' },
        { method: 'kd', weight: 1 },
      ]),
    ).toBe('');
    const odd = side('odd', 10, { m: [12, 12, 8] });
    expect(check([{ method: 'nst', weight: 1, teacherTap: 'm', studentTap: 'stage2' }], odd)).toBe('');
  });

  it('names the term, the field and the taps there are', () => {
    expect(
      check([
        { method: 'ce', weight: 1 },
        { method: 'at', weight: 1, teacherTap: 'stage2', studentTap: 'stage4' },
      ]),
    ).toBe("terms[1].studentTap: 'stage4' is not a tap of cnn (taps: logits, stage1, stage2)");
    expect(check([{ method: 'nst', weight: 1, teacherTap: 'stage_3', studentTap: 'stage2' }])).toBe(
      "terms[0].teacherTap: 'stage_3' is not a tap of resnet32 (taps: logits, stage1, stage2, stage3)",
    );
  });

  it('refuses logits as a map, a hint beyond 2×, and kd over different class counts', () => {
    expect(check([{ method: 'nst', weight: 1, teacherTap: 'stage2', studentTap: 'logits' }])).toMatch(
      /^terms\[0\]\.studentTap: 'logits' of cnn is not a feature map/,
    );
    expect(check([{ method: 'hint', weight: 1, teacherTap: 'stage3', studentTap: 'stage1' }])).toBe(
      'terms[0]: hint cannot map stage1 (32×32) onto stage3 (8×8): a FitNet adapter bridges equal sizes or a factor of 2; pick closer taps',
    );
    expect(check([{ method: 'kd', weight: 1 }], side('t', 100, {}))).toBe(
      'terms[0]: kd compares logits over the same classes: the teacher has 100, the student 10',
    );
  });

  it('checks names only when shapes are unknown, and nothing when the taps are unknown', () => {
    const imported: TapSide = { model: 'the imported teacher', taps: [{ name: 'logits' }, { name: 'block3' }] };
    expect(check([{ method: 'hint', weight: 1, teacherTap: 'block3', studentTap: 'stage1' }], imported)).toBe('');
    expect(check([{ method: 'at', weight: 1, teacherTap: 'stage3', studentTap: 'stage1' }], imported)).toMatch(/'stage3' is not a tap of the imported teacher/);
    expect(check([{ method: 'at', weight: 1, teacherTap: 'anything', studentTap: 'stage1' }], { model: 'x', taps: null })).toBe('');
  });
});
