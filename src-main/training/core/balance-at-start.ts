// `balanceWeights`: a distill run rescales its term weights before its first step, so that every
// distillation method weighs as much as CE at the start (shared/balance-weights.ts), measured on
// the run's first batches with its trained teacher (measure-terms.ts). The New run form's "Balance
// weights" button does the same from a probe, but a run queued before its teacher has finished
// (the demo, a sweep) can only do it itself. Measuring leaves the student as it was: BatchNorm's
// moving statistics, which a forward pass in training mode updates, are put back.
import * as tf from '@tensorflow/tfjs';
import { applyBalance, balanceFor } from '../../../shared/balance-weights';
import type { Term } from '../../../shared/schemas/run-config';
import { measureTerms, type MeasureInput } from './measure-terms';
import { termName } from './terms';

export interface BalancedTerms {
  terms: Term[];
  /** What was measured and chosen, for the run's log. */
  message: string;
  /** False when the values could not say (no CE term, a term at zero): the configured weights stay. */
  balanced: boolean;
}

const objective = (terms: readonly Term[]) => terms.map((t) => `${t.weight}·${termName(t)}`).join(' + ');

export function balanceAtStart(input: MeasureInput): BalancedTerms {
  const { terms, student, adapters } = input;
  const models = [student.model, ...(adapters?.models.values() ?? [])];
  const saved = models.map((m) => m.getWeights().map((w) => tf.clone(w)));
  let measured;
  try {
    measured = measureTerms(input);
  } finally {
    models.forEach((m, i) => m.setWeights(saved[i]!));
    tf.dispose(saved.flat());
  }
  const shown = measured.terms.map((t) => `${t.name} ${t.raw.toPrecision(3)}`).join(', ');
  const balance = balanceFor(measured.terms);
  if (!balance) {
    return {
      terms: [...terms],
      balanced: false,
      message: `weights not balanced: on the first ${measured.images} images (${shown}) there is no CE term or a term is zero to balance against; the configured weights stay`,
    };
  }
  const out = applyBalance(terms, balance);
  return { terms: out, balanced: true, message: `weights balanced on the first ${measured.images} images (raw ${shown}): ${objective(out)}` };
}
