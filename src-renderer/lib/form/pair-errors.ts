// The first layer pair of the form that cannot work with these taps (a FitNet adapter bridging
// more than 2×, logits paired, a tap missing), as checkPair words it; null when all fit.
import { checkPair, featureTaps, type TapShape } from './layer-pairs';
import { pairUsesAdapter, type PairForm } from './run-form-state';

export function firstPairError(pairs: readonly PairForm[], teacherTaps: readonly TapShape[], studentTaps: readonly TapShape[]): string | null {
  const t = featureTaps(teacherTaps);
  const s = featureTaps(studentTaps);
  for (const p of pairs) {
    const check = checkPair(
      t.find((x) => x.name === p.teacherTap),
      s.find((x) => x.name === p.studentTap),
      { hint: pairUsesAdapter(p) },
    );
    if (check.level === 'error') return check.message;
  }
  return null;
}
