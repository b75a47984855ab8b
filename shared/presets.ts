// Reference distillation recipes as objective terms (docs/methods.md): KD (T=4, α=0.9), AT (β=1000
// per pair, p=2), NST with each kernel (λ=50 on the MMD², see the note on λ/2 in docs/methods.md),
// KD+NST, FitNet (β=100). Tap pairs are chosen from the taps both models share.
import type { Term } from './schemas/run-config';

export const PRESET_NAMES = ['kd', 'at', 'nst-poly', 'nst-linear', 'nst-gaussian', 'kd+nst', 'fitnet'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface PresetInfo {
  name: PresetName;
  label: string;
  summary: string;
}

export const PRESETS: Record<PresetName, PresetInfo> = {
  kd: { name: 'kd', label: 'KD', summary: 'Hinton et al. 2015: 0.1·CE + 0.9·T²·KL(p_T‖p_S), T = 4' },
  at: { name: 'at', label: 'AT', summary: 'Zagoruyko & Komodakis 2017: CE + 1000·Σ pairs ‖a_S − a_T‖², p = 2' },
  'nst-poly': { name: 'nst-poly', label: 'NST (poly)', summary: 'Huang & Wang 2017: CE + 50·MMD², polynomial kernel d = 2, c = 0' },
  'nst-linear': { name: 'nst-linear', label: 'NST (linear)', summary: 'CE + 50·MMD², linear kernel (matches channel-mean maps)' },
  'nst-gaussian': { name: 'nst-gaussian', label: 'NST (Gaussian)', summary: 'CE + 50·MMD², Gaussian kernel, σ² from the data' },
  'kd+nst': { name: 'kd+nst', label: 'KD + NST', summary: 'The NST paper’s best: 0.1·CE + 0.9·KD + 50·MMD² (poly)' },
  fitnet: { name: 'fitnet', label: 'FitNet', summary: 'Romero et al. 2015: CE + 100·‖r(F_S) − F_T‖² at a middle tap' },
};

const featureTaps = (taps: readonly string[]) => taps.filter((t) => t !== 'logits');

/** The last feature tap both models have (NST pairs the deepest maps), or null. */
export function lastSharedTap(teacherTaps: readonly string[], studentTaps: readonly string[]): string | null {
  const shared = featureTaps(studentTaps).filter((t) => teacherTaps.includes(t));
  return shared.length ? shared[shared.length - 1]! : null;
}

/** Terms of a preset for a teacher/student pair, given their tap names. */
export function presetTerms(name: PresetName, teacherTaps: readonly string[], studentTaps: readonly string[]): Term[] {
  const shared = featureTaps(studentTaps).filter((t) => teacherTaps.includes(t));
  const last = lastSharedTap(teacherTaps, studentTaps);
  const pair = (tap: string | null, what: string) => {
    if (!tap) throw new Error(`preset ${name}: the models share no feature tap for ${what}`);
    return { teacherTap: tap, studentTap: tap };
  };
  const nst = (kernel: 'poly' | 'linear' | 'gaussian'): Term => ({ method: 'nst', weight: 50, ...pair(last, 'NST'), options: { kernel } });
  switch (name) {
    case 'kd':
      return [{ method: 'ce', weight: 0.1 }, { method: 'kd', weight: 0.9, options: { temperature: 4 } }];
    case 'at':
      if (!shared.length) pair(null, 'AT');
      return [{ method: 'ce', weight: 1 }, ...shared.map((t): Term => ({ method: 'at', weight: 1000, teacherTap: t, studentTap: t, options: { p: 2 } }))];
    case 'nst-poly':
      return [{ method: 'ce', weight: 1 }, nst('poly')];
    case 'nst-linear':
      return [{ method: 'ce', weight: 1 }, nst('linear')];
    case 'nst-gaussian':
      return [{ method: 'ce', weight: 1 }, nst('gaussian')];
    case 'kd+nst':
      return [{ method: 'ce', weight: 0.1 }, { method: 'kd', weight: 0.9, options: { temperature: 4 } }, nst('poly')];
    case 'fitnet': {
      const middle = shared.length ? shared[Math.floor((shared.length - 1) / 2)]! : null;
      return [{ method: 'ce', weight: 1 }, { method: 'hint', weight: 100, ...pair(middle, 'the hint') }];
    }
  }
}

/**
 * Share of the teacher–baseline gap a distilled student recovers (docs/methods.md):
 * (acc_distilled − acc_baseline) / (acc_teacher − acc_baseline); null when the teacher is not
 * better than the baseline (no gap to recover: the ratio would be meaningless).
 */
export function gapRecovered(distilled: number, baseline: number, teacher: number): number | null {
  const gap = teacher - baseline;
  if (gap <= 1e-9) return null;
  return (distilled - baseline) / gap;
}
