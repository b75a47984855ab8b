// The distillation objective: a weighted sum of configured terms (ce, kd, at, nst, hint) over any
// number of teacher/student tap pairs. Every term is reported raw and weighted so each curve can
// be plotted on its own. Weights live here, never inside the loss functions.
//   total = Σ_i w_i · term_i(student outputs, teacher outputs, labels)
import * as tf from '@tensorflow/tfjs';
import { METHODS } from '../../../shared/methods';
import type { Term } from '../../../shared/schemas/run-config';
import { alignSpatial, getLoss } from './losses';
import type { HintAdapters } from './hint-adapters';
import { effectiveTerms, termName } from './terms';

/** Outputs of one forward pass, by tap name ('logits' included). */
export type TapOutputs = ReadonlyMap<string, tf.Tensor>;

export interface TermValue {
  /** Display name, e.g. 'ce', 'kd', 'nst[stage3]', 'at[stage2]'. */
  name: string;
  raw: tf.Scalar;
  weighted: tf.Scalar;
}

function tap(outputs: TapOutputs, name: string, side: 'student' | 'teacher'): tf.Tensor {
  const t = outputs.get(name);
  if (!t) throw new Error(`${side} model has no tap '${name}' (available: ${[...outputs.keys()].join(', ')})`);
  return t;
}

/**
 * Computes every term. Call inside the gradient closure (teacher outputs come from outside it,
 * so no gradient reaches the teacher). Returns tensors owned by the enclosing tidy.
 */
export function computeObjective(
  terms: readonly Term[],
  student: TapOutputs,
  teacher: TapOutputs | null,
  labels: tf.Tensor1D,
  adapters: HintAdapters | null,
  training: boolean,
): { total: tf.Scalar; values: TermValue[] } {
  const values: TermValue[] = effectiveTerms(terms).map((t) => {
    const loss = getLoss(t.method);
    const consumes = METHODS[t.method].consumes; // what this method's loss takes (shared/methods/)
    let raw: tf.Scalar;
    if (consumes === 'labels') {
      raw = loss({ student: tap(student, 'logits', 'student'), labels }, t.options);
    } else {
      if (!teacher) throw new Error(`term ${t.method} needs a teacher`);
      const onLogits = consumes === 'logits';
      let s = tap(student, onLogits ? 'logits' : t.studentTap!, 'student');
      let te = tap(teacher, onLogits ? 'logits' : t.teacherTap!, 'teacher');
      if (consumes === 'adapted-maps') {
        s = adapters!.apply(termName(t), s as tf.Tensor4D, training);
      } else if (consumes === 'maps' && (s.shape[1] !== te.shape[1] || s.shape[2] !== te.shape[2])) {
        [s, te] = alignSpatial(s as tf.Tensor4D, te as tf.Tensor4D);
      }
      raw = loss({ student: s, teacher: te }, t.options);
    }
    return { name: termName(t), raw, weighted: tf.mul(raw, t.weight) as tf.Scalar };
  });
  const total = values.length === 1 ? values[0]!.weighted : (tf.addN(values.map((v) => v.weighted)) as tf.Scalar);
  return { total, values };
}
