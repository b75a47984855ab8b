// "Balance": weights that make every distillation method weigh as much as CE when the run starts,
// from a term probe (runs:probe) of the current config. A method that complements CE (KD's α,
// CE = 1 − α) is balanced first, α = CE_raw / (CE_raw + KD_raw), so α·KD = (1 − α)·CE; every
// other method's weight w becomes w · CE_weighted / (its weighted value summed over its pairs).
// Weights are rounded to two significant digits, as people write them.
import { DISTILL_METHOD_NAMES, METHODS, type MethodName } from '../../../shared/methods';
import type { TermProbe } from '../../../shared/history-types';
import type { MethodForm, RunFormState } from './run-form-state';

const twoDigits = (x: number) => Number(x.toPrecision(2));
const methodOfTerm = (name: string) => name.split('[')[0] as MethodName;

/** The methods part of the form with balanced weights, or null when the probe cannot say (no CE, zero terms). */
export function balancedMethods(form: RunFormState, probe: TermProbe): RunFormState['methods'] | null {
  const raw = new Map<MethodName, number>();
  const weighted = new Map<MethodName, number>();
  for (const t of probe.terms) {
    const m = methodOfTerm(t.name);
    raw.set(m, (raw.get(m) ?? 0) + t.raw);
    weighted.set(m, (weighted.get(m) ?? 0) + t.weighted);
  }
  const ceRaw = raw.get('ce');
  if (!ceRaw || ceRaw <= 0) return null;
  const methods: RunFormState['methods'] = { ...form.methods };
  let ceWeighted = weighted.get('ce') ?? 0;
  const on = DISTILL_METHOD_NAMES.filter((m) => form.methods[m]?.enabled && weighted.has(m));
  const complement = on.find((m) => METHODS[m].weight?.complementsCe);
  if (complement) {
    const k = raw.get(complement)!;
    if (!(k > 0)) return null;
    const alpha = twoDigits(ceRaw / (ceRaw + k));
    methods[complement] = { ...(methods[complement] as MethodForm), weight: String(alpha) };
    ceWeighted = (1 - alpha) * ceRaw;
  }
  for (const m of on) {
    if (m === complement) continue;
    const v = weighted.get(m)!;
    const w = Number(form.methods[m]!.weight);
    if (!(v > 0) || !(w > 0)) return null;
    methods[m] = { ...(methods[m] as MethodForm), weight: String(twoDigits((w * ceWeighted) / v)) };
  }
  return methods;
}
