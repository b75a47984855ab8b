// Loss registry: method name (the `method` of a run config term) → one function with a common
// signature, so an objective can build its terms from a declarative config with no if/else chain:
//
//   const term = getLoss(cfg.method);                      // throws for an unknown name
//   const raw = term({ student, teacher, labels }, cfg.options);   // unweighted scalar
//   const weighted = tf.mul(raw, cfg.weight);              // weights belong to the objective
//
// What the objective passes for each method:
//   ce    student = student logits [B, K], labels = int32 class ids [B]
//   kd    student, teacher = logits [B, K]
//   at    student [B, H, W, C_S], teacher [B, H, W, C_T] taps, same H×W
//   nst   student [B, H, W, C_S], teacher [B, H, W, C_T] taps, same H×W
//   hint  student = adapter output r(F_S) [B, H, W, C_T], teacher [B, H, W, C_T]
//   sp    student [B, H, W, C_S], teacher [B, H, W, C_T] taps (batch similarities: any sizes)
// Option names and defaults come from the method modules (shared/methods/: kd temperature 4,
// at p 2, nst kernel poly, degree 2, c 0, sigma2 automatic; ce and hint take none), the same
// definitions the run-config schema validates with.
// Spatial sizes are aligned by the caller (alignSpatial) before at/nst; the hint adapter is part
// of the student model. Teacher tensors come from outside the gradient closure. An unknown option
// name (a typo) throws; options that exist but do not apply (degree with a gaussian kernel) are
// ignored, so a form may keep them while the user switches kernels.
import type * as tf from '@tensorflow/tfjs';
import { METHODS, optionNames, type MethodName } from '../../../../shared/methods';
import { atLoss } from './at';
import { ceLoss } from './ce';
import { LossInputError } from './checks';
import { hintLoss } from './hint';
import { kdLoss } from './kd';
import { NST_KERNELS, nstLoss, type NstKernel } from './nst';
import { spLoss } from './sp';

/** Names the registry knows: exactly the methods a run config term may use. */
export type LossName = MethodName;

/** Per-term options as stored in a run config. */
export type LossOptions = Readonly<Record<string, number | string>>;

/** The tensors an objective hands to a registered loss (table in the header). */
export interface LossInputs {
  /** Student output for this term: logits [B, K], a feature map [B, H, W, C], or the hint adapter's output. */
  student: tf.Tensor;
  /** Teacher output at the paired tap; required by every method but 'ce'. */
  teacher?: tf.Tensor;
  /** Hard labels, int32 class ids [B]; required by 'ce'. */
  labels?: tf.Tensor;
}

/** Common signature of every registered loss: the unweighted term as a scalar. */
export type RegisteredLoss = (inputs: LossInputs, options?: LossOptions) => tf.Scalar;

export const LOSS_REGISTRY: Readonly<Record<LossName, RegisteredLoss>> = Object.freeze({
  ce: (inputs, options) => {
    readOptions('ce', options);
    return ceLoss(inputs.student as tf.Tensor2D, need('ce', 'labels', inputs.labels) as tf.Tensor1D);
  },
  kd: (inputs, options) => {
    const o = readOptions('kd', options);
    return kdLoss(inputs.student as tf.Tensor2D, need('kd', 'teacher', inputs.teacher) as tf.Tensor2D, {
      temperature: numberOption('kd', 'temperature', o.temperature) ?? METHODS.kd.defaults.temperature!,
    });
  },
  at: (inputs, options) => {
    const o = readOptions('at', options);
    return atLoss(inputs.student as tf.Tensor4D, need('at', 'teacher', inputs.teacher) as tf.Tensor4D, {
      p: numberOption('at', 'p', o.p) ?? METHODS.at.defaults.p,
    });
  },
  nst: (inputs, options) => {
    const o = readOptions('nst', options);
    const d = METHODS.nst.defaults;
    return nstLoss(inputs.student as tf.Tensor4D, need('nst', 'teacher', inputs.teacher) as tf.Tensor4D, {
      kernel: kernelOption(o.kernel),
      degree: numberOption('nst', 'degree', o.degree) ?? d.degree,
      c: numberOption('nst', 'c', o.c) ?? d.c,
      sigma2: numberOption('nst', 'sigma2', o.sigma2),
    });
  },
  hint: (inputs, options) => {
    readOptions('hint', options);
    return hintLoss(inputs.student as tf.Tensor4D, need('hint', 'teacher', inputs.teacher) as tf.Tensor4D);
  },
  sp: (inputs, options) => {
    readOptions('sp', options);
    return spLoss(inputs.student as tf.Tensor4D, need('sp', 'teacher', inputs.teacher) as tf.Tensor4D);
  },
});

/** Registered names in registry order: ce, kd, at, nst, hint. */
export const LOSS_NAMES = Object.keys(LOSS_REGISTRY) as LossName[];

/** Look a loss up by name; an unknown name throws an error listing the known ones. */
export function getLoss(name: string): RegisteredLoss {
  if (!Object.hasOwn(LOSS_REGISTRY, name)) {
    throw new LossInputError(`unknown loss '${name}'; known losses: ${LOSS_NAMES.join(', ')}`);
  }
  return LOSS_REGISTRY[name as LossName];
}

function need(loss: LossName, what: 'teacher' | 'labels', t: tf.Tensor | undefined): tf.Tensor {
  if (t === undefined) throw new LossInputError(`${loss}: needs ${what === 'teacher' ? 'a teacher tensor' : 'labels'}`);
  return t;
}

/** The options of a term, checked by name against the method's module (shared/methods/). */
function readOptions(loss: LossName, options: LossOptions | undefined): Partial<Record<string, number | string>> {
  const known = optionNames(loss);
  const unknown = Object.keys(options ?? {}).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    const allowed = known.length > 0 ? `known options: ${known.join(', ')}` : 'it takes no options';
    throw new LossInputError(`${loss}: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; ${allowed}`);
  }
  return options ?? {};
}

function numberOption(loss: LossName, key: string, value: number | string | undefined): number | undefined {
  if (value !== undefined && typeof value !== 'number') {
    throw new LossInputError(`${loss}: option '${key}' must be a number, got '${value}'`);
  }
  return value;
}

function kernelOption(value: number | string | undefined): NstKernel {
  if (value === undefined) return METHODS.nst.defaults.kernel!;
  if (typeof value === 'string' && (NST_KERNELS as readonly string[]).includes(value)) return value as NstKernel;
  throw new LossInputError(`nst: unknown kernel '${String(value)}'; use one of ${NST_KERNELS.join(', ')}`);
}
