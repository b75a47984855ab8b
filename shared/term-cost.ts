// Arithmetic cost of the distillation terms of one training step, per image, next to that of a
// plain student step (shown on the New run form before a run starts). Counted in multiply-adds
// (MACs) of matrix products and convolutions, as ModelInfo.flops is; element-wise work (softmax,
// attention maps, normalisations, pooling) is not counted. Each method's own formula lives in its
// module (shared/methods/: nst.ts, hint.ts; ce, kd and at are element-wise only); this file adds
// what all methods on maps share, and is checked against MACs counted at the tfjs kernels in
// test/unit/shared/term-cost.test.ts.
//   CE student step  ≈ 3·F          F = student forward MACs: forward, input and filter gradients
// HW is the aligned size min(H_S, H_T)·min(W_S, W_T); a pair whose ratio is not an integer is
// resized bilinearly by two interpolation matMuls, counted too (the student side twice: forward
// and gradient). Adapted maps (FitNets) are not aligned: the adapter writes at the teacher's size.
import type { Term } from './schemas/run-config';
import { METHODS, needsTaps } from './methods';
import { choosePolyForm } from './term-forms';

/** A tap's output shape without the batch dimension (ModelInfo.tapShapes). */
export interface TapShapeInfo {
  name: string;
  shape: readonly number[];
}

export interface TermCostInput {
  /** Student forward MACs per image (ModelInfo.flops). */
  studentFlops: number;
  /** MACs per image of a plain student training step (ModelInfo.stepMacs); 3 × studentFlops when unknown. */
  studentStepMacs?: number;
  teacherTaps: readonly TapShapeInfo[];
  studentTaps: readonly TapShapeInfo[];
  terms: readonly Term[];
}

/** How a term's products are formed (the display names it): 'none', or a method's own name such as 'nst-channel'. */
export type TermCostForm = string;

export interface TermCostPart {
  method: Term['method'];
  teacherTap?: string;
  studentTap?: string;
  /** Aligned spatial size of the pair [H, W] (hint: the teacher map's, where the adapter writes). */
  hw?: [number, number];
  /** Channels of the student and the teacher tap. */
  channels?: { student: number; teacher: number };
  form: TermCostForm;
  /** Extra multiply-adds per image. */
  macs: number;
  /** macs / ceStepMacs. */
  share: number;
}

export interface TermCost {
  /** Multiply-adds per image of a plain CE student step (studentStepMacs, or ≈ 3 × forward). */
  ceStepMacs: number;
  /** Extra multiply-adds per image of all terms. */
  extraMacs: number;
  /** extraMacs / ceStepMacs. */
  share: number;
  /** One entry per term whose taps are known (terms with unknown or non-map taps are left out). */
  parts: TermCostPart[];
}

type Map3 = [number, number, number];

/** Forward + input gradient + filter gradient of every conv and dense layer. */
export const CE_STEP_FORWARD_MULTIPLE = 3;

/** The poly form the engine uses (shared/term-forms.ts), under the name the tests know. */
export const polyFormOf = choosePolyForm;

function mapShape(taps: readonly TapShapeInfo[], name: string | undefined): Map3 | null {
  const shape = taps.find((t) => t.name === name)?.shape;
  return shape && shape.length === 3 && name !== 'logits' ? (shape as unknown as Map3) : null;
}

/** MACs of shrinking one map [H, W, C] to h×w (align-spatial.ts): 0 when unchanged or pooled. */
function alignMacs([H, W, C]: Map3, h: number, w: number): number {
  if ((H === h && W === w) || (H % h === 0 && W % w === 0)) return 0;
  return h * H * W * C + w * W * h * C; // rows [h, H]·[H, W·C], then columns [w, W]·[W, h·C]
}

function termPart(term: Term, input: TermCostInput): Omit<TermCostPart, 'share'> | null {
  const method = METHODS[term.method];
  if (!needsTaps(method)) return { method: term.method, form: 'none', macs: 0 };
  const s = mapShape(input.studentTaps, term.studentTap);
  const t = mapShape(input.teacherTaps, term.teacherTap);
  if (!s || !t) return null;
  const taps = { teacherTap: term.teacherTap, studentTap: term.studentTap, channels: { student: s[2], teacher: t[2] } };
  const options = term.options ?? {};
  if (method.consumes === 'adapted-maps') {
    const cost = method.cost ? method.cost({ student: s, teacher: t, hw: t[0] * t[1], options }) : { form: 'none', macs: 0 };
    return cost && { method: term.method, ...taps, hw: [t[0], t[1]], ...cost };
  }
  const h = Math.min(s[0], t[0]);
  const w = Math.min(s[1], t[1]);
  const align = 2 * alignMacs(s, h, w) + alignMacs(t, h, w); // the student's also back-propagated
  const cost = method.cost?.({ student: s, teacher: t, hw: h * w, options }) ?? { form: 'none', macs: 0 };
  return { method: term.method, ...taps, hw: [h, w], form: cost.form, macs: cost.macs + align };
}

/** Extra multiply-adds per image of the configured terms, and their share of a plain student step. */
export function estimateTermCost(input: TermCostInput): TermCost {
  const ceStepMacs = input.studentStepMacs ?? CE_STEP_FORWARD_MULTIPLE * input.studentFlops;
  const share = (macs: number) => (ceStepMacs > 0 ? macs / ceStepMacs : 0);
  const parts = input.terms
    .map((term) => termPart(term, input))
    .filter((p): p is Omit<TermCostPart, 'share'> => p !== null)
    .map((p) => ({ ...p, share: share(p.macs) }));
  const extraMacs = parts.reduce((sum, p) => sum + p.macs, 0);
  return { ceStepMacs, extraMacs, share: share(extraMacs), parts };
}
