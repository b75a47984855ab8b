// Which computation a feature term uses for a pair of maps, decided from shapes alone, so the
// engine (losses/nst.ts, hint-adapters.ts) and the cost estimate of the New run form
// (term-cost.ts) follow one rule:
//   NST poly kernel: the C×C kernel matrices (any d), or for d = 2 the HW×HW Gram difference when
//   it holds fewer values than the three C×C matrices (docs/methods.md "NST details").
//   FitNets adapter: a 1×1 conv when the maps match, a 3×3 stride-2 conv when the student map is
//   2× larger, ×2 upsampling then a 1×1 conv when it is 2× smaller; no adapter otherwise.

/** Which exact formula computes a poly-kernel MMD²: C×C kernel matrices or HW×HW Gram matrices. */
export type PolyForm = 'channel' | 'position';

/** The poly form that holds fewer values per image (HW×HW exists for d = 2 only). */
export function choosePolyForm(cT: number, cS: number, hw: number, degree: number): PolyForm {
  if (degree !== 2) return 'channel';
  return hw * hw < cT * cT + cS * cS + cT * cS ? 'position' : 'channel';
}

export type HintAdapterForm = '1x1' | '3x3-stride2' | 'upsample-1x1';

/** The adapter from a student map [H_S, W_S, ...] to a teacher map [H_T, W_T, ...], or null when none bridges them. */
export function hintAdapterForm(student: readonly number[], teacher: readonly number[]): HintAdapterForm | null {
  const [sh, sw] = student as [number, number];
  const [th, tw] = teacher as [number, number];
  if (sh === th && sw === tw) return '1x1';
  if (sh === 2 * th && sw === 2 * tw) return '3x3-stride2';
  if (2 * sh === th && 2 * sw === tw) return 'upsample-1x1';
  return null;
}
