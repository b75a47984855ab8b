// How the New run form's terms weigh: the extra arithmetic they add per step (term-cost-line.ts),
// their shares of the loss at the start from a probe of the valid config (use-term-probe.ts), and
// "Balance weights", which rescales them from that probe (balance-weights.ts).
import { computed, type ComputedRef } from 'vue';
import type { TermProbe } from '../../shared/history-types';
import type { RunConfigInput } from '../../shared/schemas/run-config';
import type { ModelInfo } from '../../shared/types';
import { balancedMethods } from '../lib/form/balance-weights';
import type { TapShape } from '../lib/form/layer-pairs';
import type { FormValidation, RunFormState } from '../lib/form/run-form';
import { termCostLine } from '../lib/form/term-cost-line';
import { useTermProbe } from './use-term-probe';

export interface TermWeightsDeps {
  form: RunFormState;
  validation: ComputedRef<FormValidation>;
  modelList: ComputedRef<ModelInfo[]>;
  teacherTaps: ComputedRef<TapShape[] | null>;
  studentTaps: ComputedRef<TapShape[]>;
  probe(config: RunConfigInput): Promise<{ ok: true; value: TermProbe } | { ok: false; error: { message: string } }>;
}

export function useTermWeights(d: TermWeightsDeps) {
  const probed = useTermProbe(() => (d.form.kind === 'distill' ? d.validation.value.config : null), d.probe);
  const termCost = computed(() => {
    const student = d.modelList.value.find((m) => m.name === d.form.model);
    return termCostLine({
      studentFlops: student?.flops,
      studentStepMacs: student?.stepMacs,
      teacherTaps: d.teacherTaps.value,
      studentTaps: d.studentTaps.value,
      terms: d.validation.value.candidate.terms ?? [],
    });
  });
  function balance(): void {
    const probe = probed.probe.value;
    const methods = probe && balancedMethods(d.form, probe);
    if (methods) d.form.methods = methods;
  }
  return { ...probed, termCost, balance };
}
