// The New run form's one-line arithmetic estimate of the distillation terms (shared/term-cost.ts):
// "Extra arithmetic per step ≈ +32 % over a plain student step (NST stage2 14×14, 32+32
// channels: +32 %)", a warning above 50 %. Pure: no Vue, no DOM.
import { METHODS } from '../../../shared/methods';
import type { Term } from '../../../shared/schemas/run-config';
import { estimateTermCost, type TermCostPart } from '../../../shared/term-cost';
import type { TapShape } from './layer-pairs';

/** Above this share of a plain student step the line is shown as a warning. */
export const TERM_COST_WARNING_SHARE = 0.5;

export interface TermCostLine {
  text: string;
  warning: boolean;
}

export interface TermCostLineInput {
  /** Student forward MACs per image (ModelInfo.flops); unknown → no line. */
  studentFlops: number | undefined;
  /** MACs per image of a plain student step (ModelInfo.stepMacs), when known. */
  studentStepMacs?: number | undefined;
  /** The teacher's taps; null (imported TF.js teacher) or empty (no teacher chosen) → no line. */
  teacherTaps: readonly TapShape[] | null;
  studentTaps: readonly TapShape[];
  /** The terms the form submits (formToCandidate). */
  terms: readonly Term[];
}

/** 0.324 → "+32 %", 0.0081 → "+0.8 %", 0.0001 → "+<0.1 %". */
export function formatShare(share: number): string {
  const pct = share * 100;
  if (pct === 0) return '+0 %';
  if (pct < 0.05) return '+<0.1 %';
  return `+${pct < 9.95 ? pct.toFixed(1) : Math.round(pct)} %`;
}

function partLabel(p: TermCostPart): string {
  const tap = p.teacherTap === p.studentTap ? p.studentTap : `${p.teacherTap}→${p.studentTap}`;
  const size = p.hw ? ` ${p.hw[0]}×${p.hw[1]}` : '';
  const channels = p.channels
    ? METHODS[p.method].consumes === 'adapted-maps'
      ? `${p.channels.student}→${p.channels.teacher}`
      : `${p.channels.student}+${p.channels.teacher}`
    : '';
  return `${METHODS[p.method].label} ${tap}${size}, ${channels} channels: ${formatShare(p.share)}`;
}

/** The line to show, or null when there is no teacher or no MAC count to compare with. */
export function termCostLine(input: TermCostLineInput): TermCostLine | null {
  if (!input.studentFlops || !input.teacherTaps?.length) return null;
  const cost = estimateTermCost({
    studentFlops: input.studentFlops,
    ...(input.studentStepMacs ? { studentStepMacs: input.studentStepMacs } : {}),
    teacherTaps: input.teacherTaps,
    studentTaps: input.studentTaps,
    terms: input.terms,
  });
  const costly = cost.parts.filter((p) => p.macs > 0);
  const detail = costly.length ? costly.map(partLabel).join('; ') : 'element-wise only';
  const warning = cost.share > TERM_COST_WARNING_SHARE;
  const text = `Extra arithmetic per step ≈ ${formatShare(cost.share)} over a plain student step (${detail})${warning ? ': a large share for this student; KD, AT and NST-linear add no products' : ''}`;
  return { text, warning };
}
