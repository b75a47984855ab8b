// Balanced term weights: from each term's value when a run starts (measured on its first batches),
// the weights that make every distillation method weigh as much as CE. A method that shares CE's
// weight (KD: α·kd + (1 − α)·CE) is balanced first: α = CE_raw / (CE_raw + KD_raw), so that
// α·KD_raw = (1 − α)·CE_raw. Every other method m is then scaled by CE_weighted / Σ_pairs w·m_raw,
// keeping the ratio between its pairs. Weights are rounded to two significant digits, as people
// write them. Used by the New run form's "Balance weights" and by runs with `balanceWeights`.
import { METHODS, type MethodName } from './methods';
import type { Term } from './schemas/run-config';

/** One objective term's value at the start: 'ce', 'kd', 'nst[stage2]' with raw and weighted value. */
export interface MeasuredTerm {
  name: string;
  raw: number;
  weighted: number;
}

export interface Balance {
  /** The method sharing CE's weight, when on, and its balanced weight (CE gets 1 − alpha). */
  complement: { method: MethodName; alpha: number } | null;
  /** Every other distillation method: the factor its weights are multiplied by. */
  scale: Map<MethodName, number>;
}

export const twoSignificantDigits = (x: number): number => Number(x.toPrecision(2));
/** The method of a term name: 'nst' for 'nst[stage2]'. */
export const methodOfTerm = (name: string): MethodName => name.split('[')[0] as MethodName;

/** The balance the measured values call for; null when they cannot say (no CE, a term at zero). */
export function balanceFor(measured: readonly MeasuredTerm[]): Balance | null {
  const raw = new Map<MethodName, number>();
  const weighted = new Map<MethodName, number>();
  for (const t of measured) {
    const m = methodOfTerm(t.name);
    raw.set(m, (raw.get(m) ?? 0) + t.raw);
    weighted.set(m, (weighted.get(m) ?? 0) + t.weighted);
  }
  const ceRaw = raw.get('ce');
  if (!ceRaw || !(ceRaw > 0)) return null;
  const others = [...weighted.keys()].filter((m) => m !== 'ce');
  const complementMethod = others.find((m) => METHODS[m].weight?.complementsCe) ?? null;
  let ceWeighted = weighted.get('ce') ?? 0;
  let complement: Balance['complement'] = null;
  if (complementMethod) {
    const k = raw.get(complementMethod)!;
    if (!(k > 0)) return null;
    const alpha = twoSignificantDigits(ceRaw / (ceRaw + k));
    complement = { method: complementMethod, alpha };
    ceWeighted = (1 - alpha) * ceRaw;
  }
  const scale = new Map<MethodName, number>();
  for (const m of others) {
    if (m === complementMethod) continue;
    const v = weighted.get(m)!;
    if (!(v > 0) || !(ceWeighted > 0)) return null;
    scale.set(m, ceWeighted / v);
  }
  return { complement, scale };
}

/** `terms` with the balance applied (CE = 1 − α beside the complement, every other weight scaled). */
export function applyBalance(terms: readonly Term[], balance: Balance): Term[] {
  const c = balance.complement;
  return terms.map((t) => {
    if (c && t.method === 'ce') return { ...t, weight: Number((1 - c.alpha).toFixed(12)) };
    if (c && t.method === c.method) return { ...t, weight: c.alpha };
    const s = balance.scale.get(t.method);
    return s === undefined ? { ...t } : { ...t, weight: twoSignificantDigits(t.weight * s) };
  });
}
