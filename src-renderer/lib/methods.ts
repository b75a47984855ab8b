// What each distillation method and NST kernel means, in one line each (docs/methods.md), and the
// defaults the form starts from (the reference recipes; option defaults from shared/methods/).
import { AT, CE, HINT, KD, NST, type NstKernel } from '../../shared/methods';

export type FeatureMethod = 'at' | 'nst' | 'hint';
export type { NstKernel };

export interface MethodInfo {
  label: string;
  paper: string;
  line: string;
}

export const METHOD_INFO: Record<'ce' | 'kd' | FeatureMethod, MethodInfo> = {
  ce: { label: CE.label, paper: CE.paper, line: 'Cross-entropy with the true labels.' },
  kd: {
    label: KD.label,
    paper: KD.paper,
    line: 'Match the teacher’s softened class probabilities: T²·KL(p_T‖p_S), p = softmax(z/T); α weighs it, CE gets 1 − α.',
  },
  at: {
    label: AT.label,
    paper: AT.paper,
    line: 'Match where the networks look: channel mean of |F|^p per position, L2-normalised; β per layer pair.',
  },
  nst: {
    label: NST.label,
    paper: NST.paper,
    line: 'Match the distribution of neuron selectivity patterns (each channel’s map) by MMD² under a kernel; λ weighs it.',
  },
  hint: {
    label: HINT.label,
    paper: HINT.paper,
    line: 'Regress the student’s feature map, through a trained adapter, onto the teacher’s (MSE); β weighs it.',
  },
};

export const KERNEL_INFO: Record<NstKernel, { label: string; line: string }> = {
  linear: { label: 'Linear', line: 'k(x, y) = xᵀy: matches the mean selectivity pattern; the cheapest.' },
  poly: { label: 'Polynomial', line: 'k(x, y) = (xᵀy + c)^d: with d = 2, c = 0 it matches Gram matrices (the paper’s best).' },
  gaussian: { label: 'Gaussian', line: 'k(x, y) = exp(−‖x − y‖² / 2σ²): matches all moments; σ² from the data unless fixed.' },
};

/** One term as people write it: "kd 0.9 (T=4)", "nst[stage3] 50 (poly d=2)", "ce 0.1". */
export function termLabel(t: { method: string; weight: number; teacherTap?: string; studentTap?: string; options?: Record<string, number | string> }): string {
  const taps = t.teacherTap || t.studentTap ? (t.teacherTap === t.studentTap ? `[${t.teacherTap}]` : `[${t.teacherTap ?? '?'}→${t.studentTap ?? '?'}]`) : '';
  const opts = Object.entries(t.options ?? {}).map(([k, v]) => (k === 'kernel' ? String(v) : `${k === 'temperature' ? 'T' : k}=${v}`));
  return `${t.method}${taps} ${t.weight}${opts.length ? ` (${opts.join(' ')})` : ''}`;
}

export const FEATURE_METHODS: readonly FeatureMethod[] = ['at', 'nst', 'hint'];

/**
 * Reference defaults (docs/methods.md): KD T = 4, α = 0.9; AT p = 2, β = 1000; NST λ = 50; FitNet
 * β = 100. Option defaults are the engine's (shared/methods/); weights and the σ² the form offers
 * when fixing it are the form's own.
 */
export const METHOD_DEFAULTS = {
  kd: { temperature: KD.defaults.temperature!, alpha: 0.9 },
  at: { p: AT.defaults.p!, beta: 1000 },
  nst: { kernel: NST.defaults.kernel! as NstKernel, degree: NST.defaults.degree!, c: NST.defaults.c!, lambda: 50, sigma2: 1 },
  hint: { beta: 100 },
};

