// Reference distillation recipes as objective terms (docs/methods.md), gathered from the method
// modules (shared/methods/: each brings its presets, e.g. KD T = 4, α = 0.9; AT β = 1000 per
// pair, p = 2; NST λ = 50 with each kernel, see the note on λ/2 in docs/methods.md; KD+NST;
// FitNet β = 100). Tap pairs are chosen from the taps both models share, where each method's
// `pairs` rule says: every shared tap, the deepest one, or the middle one.
import { METHODS, METHOD_NAMES, methodOf, needsTaps, type PairPlacement, type PresetDefinition } from './methods';
import type { Term } from './schemas/run-config';

/** Every preset of every method, in method order. */
const ALL_PRESETS: readonly PresetDefinition[] = METHOD_NAMES.flatMap((m) => METHODS[m].presets);

export const PRESET_NAMES: readonly string[] = ALL_PRESETS.map((p) => p.name);
export type PresetName = string;

export type PresetInfo = Pick<PresetDefinition, 'name' | 'label' | 'summary'>;

export const PRESETS: Readonly<Record<PresetName, PresetInfo>> = Object.fromEntries(
  ALL_PRESETS.map((p) => [p.name, { name: p.name, label: p.label, summary: p.summary }]),
);

const featureTaps = (taps: readonly string[]) => taps.filter((t) => t !== 'logits');

/** The last feature tap both models have (NST pairs the deepest maps), or null. */
export function lastSharedTap(teacherTaps: readonly string[], studentTaps: readonly string[]): string | null {
  const shared = featureTaps(studentTaps).filter((t) => teacherTaps.includes(t));
  return shared.length ? shared[shared.length - 1]! : null;
}

/** The shared taps a placement picks: all of them, the deepest, or the middle one. */
export function placeTaps(shared: readonly string[], placement: PairPlacement): string[] {
  if (shared.length === 0) return [];
  if (placement === 'all') return [...shared];
  if (placement === 'deepest') return [shared[shared.length - 1]!];
  return [shared[Math.floor((shared.length - 1) / 2)]!];
}

/** Terms of a preset for a teacher/student pair, given their tap names. */
export function presetTerms(name: PresetName, teacherTaps: readonly string[], studentTaps: readonly string[]): Term[] {
  const preset = ALL_PRESETS.find((p) => p.name === name);
  if (!preset) throw new Error(`unknown preset '${name}'; presets: ${PRESET_NAMES.join(', ')}`);
  const shared = featureTaps(studentTaps).filter((t) => teacherTaps.includes(t));
  return preset.terms.flatMap((recipe): Term[] => {
    const method = methodOf(recipe.method);
    if (!method) throw new Error(`preset ${name}: unknown method '${recipe.method}'`);
    const term = { method: recipe.method, weight: recipe.weight, ...(recipe.options ? { options: { ...recipe.options } } : {}) };
    if (!needsTaps(method)) return [term as Term];
    const taps = placeTaps(shared, method.pairs ?? 'all');
    if (taps.length === 0) throw new Error(`preset ${name}: the models share no feature tap for ${method.label}`);
    return taps.map((tap) => ({ ...term, teacherTap: tap, studentTap: tap }) as Term);
  });
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
