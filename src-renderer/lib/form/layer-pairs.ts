// Teacher tap ↔ student tap pairing for AT, NST and FitNet: suggestions (taps whose feature maps
// have the same spatial size) and warnings when a pair needs pooling, resizing or does not fit.
// Shapes are [H, W, C] without the batch dimension (models:list tapShapes).

export interface TapShape {
  name: string;
  shape: number[];
}

export interface PairCheck {
  level: 'ok' | 'info' | 'warning' | 'error';
  message: string;
}

const isFeature = (t: TapShape): boolean => t.shape.length === 3 && t.name !== 'logits';

/** Feature taps only (logits are for KD). */
export function featureTaps(taps: readonly TapShape[]): TapShape[] {
  return taps.filter(isFeature);
}

/**
 * For every student feature tap, the teacher tap with the same H×W (the deepest one, as NST
 * pairs the deepest maps; same name preferred). Pairs keep the student's tap order.
 */
export function suggestPairs(teacher: readonly TapShape[], student: readonly TapShape[]): { teacherTap: string; studentTap: string }[] {
  const t = featureTaps(teacher);
  const out: { teacherTap: string; studentTap: string }[] = [];
  const used = new Set<string>();
  for (const s of featureTaps(student)) {
    const same = t.filter((c) => c.shape[0] === s.shape[0] && c.shape[1] === s.shape[1] && !used.has(c.name));
    if (same.length === 0) continue;
    const pick = same.find((c) => c.name === s.name) ?? same[same.length - 1]!;
    used.add(pick.name);
    out.push({ teacherTap: pick.name, studentTap: s.name });
  }
  return out;
}

const hw = (shape: readonly number[]) => `${shape[0]}×${shape[1]}`;

/**
 * What happens to a pair (docs/methods.md "Layer pairs"): the larger map is
 * average-pooled when the ratio is an integer, otherwise bilinearly resized; FitNet adapters
 * bridge at most 2× (a stride or an upsampling), so a hint beyond that is an error.
 */
export function checkPair(teacher: TapShape | undefined, student: TapShape | undefined, methods: { hint?: boolean }): PairCheck {
  if (!teacher || !student) return { level: 'error', message: 'pick a tap on both sides' };
  if (teacher.shape.length !== 3 || student.shape.length !== 3) {
    return { level: 'error', message: 'logits cannot be paired for AT, NST or FitNet (use KD)' };
  }
  const [th, tw] = teacher.shape as [number, number, number];
  const [sh, sw] = student.shape as [number, number, number];
  if (th === sh && tw === sw) return { level: 'ok', message: `same size ${hw(teacher.shape)}` };
  const larger = th * tw > sh * sw ? 'teacher' : 'student';
  const rh = Math.max(th, sh) / Math.min(th, sh);
  const rw = Math.max(tw, sw) / Math.min(tw, sw);
  const integer = Number.isInteger(rh) && Number.isInteger(rw) && rh === rw;
  if (methods.hint && Math.max(rh, rw) > 2) {
    return {
      level: 'error',
      message: `sizes differ by more than 2× (${hw(teacher.shape)} vs ${hw(student.shape)}): a FitNet adapter bridges at most 2×; pick closer taps`,
    };
  }
  const how = integer ? `average-pooled ${rh}×` : 'resized bilinearly';
  return {
    level: 'warning',
    message: `sizes differ (${hw(teacher.shape)} vs ${hw(student.shape)}): the ${larger} map is ${how}`,
  };
}
