// Naming and defaults of objective terms, shared by the objective, the hint adapters and the
// metric keys the UI plots ('loss/kd', 'loss_w/nst[stage3]').
import { METHODS, needsTaps } from '../../../shared/methods';
import type { Term } from '../../../shared/schemas/run-config';

/** 'kd' for a term on the logits; 'nst[stage3]' or 'at[stage1→stage2]' for a pair of maps. */
export function termName(t: Term): string {
  if (!needsTaps(METHODS[t.method])) return t.method;
  return t.teacherTap === t.studentTap ? `${t.method}[${t.studentTap}]` : `${t.method}[${t.teacherTap}→${t.studentTap}]`;
}

/** ce alone when a run lists no terms (teacher and baseline student runs). */
export function effectiveTerms(terms: readonly Term[]): Term[] {
  return terms.length ? [...terms] : [{ method: 'ce', weight: 1 }];
}

/** Metric keys of one term: raw value and weighted contribution to the total. */
export const termMetricKeys = (name: string) => ({ raw: `loss/${name}`, weighted: `loss_w/${name}` });
