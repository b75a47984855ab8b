// "Balance weights" in the New run form: the methods part of the form with the weights that make
// every distillation method weigh as much as CE when the run starts, from a term probe (runs:probe)
// of the current config. The rule and its rounding live in shared/balance-weights.ts, which runs
// with `balanceWeights` also use.
import { balanceFor, methodOfTerm, twoSignificantDigits } from '../../../shared/balance-weights';
import { DISTILL_METHOD_NAMES } from '../../../shared/methods';
import type { TermProbe } from '../../../shared/history-types';
import type { MethodForm, RunFormState } from './run-form-state';

/** The methods part of the form with balanced weights, or null when the probe cannot say (no CE, zero terms). */
export function balancedMethods(form: RunFormState, probe: TermProbe): RunFormState['methods'] | null {
  const balance = balanceFor(probe.terms);
  if (!balance) return null;
  const methods: RunFormState['methods'] = { ...form.methods };
  const measured = new Set(probe.terms.map((t) => methodOfTerm(t.name)));
  for (const m of DISTILL_METHOD_NAMES.filter((x) => form.methods[x]?.enabled && measured.has(x))) {
    let weight: number;
    if (balance.complement?.method === m) weight = balance.complement.alpha;
    else {
      const w = Number(form.methods[m]!.weight);
      const s = balance.scale.get(m);
      if (!(w > 0) || s === undefined) return null;
      weight = twoSignificantDigits(w * s);
    }
    methods[m] = { ...(methods[m] as MethodForm), weight: String(weight) };
  }
  return methods;
}
