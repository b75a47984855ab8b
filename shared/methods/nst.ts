// Neuron selectivity transfer, Huang & Wang 2017, "Like What You Like: Knowledge Distill via
// Neuron Selectivity Transfer": MMD² between the teacher's and the student's channel maps under a
// kernel (losses/nst.ts): linear xᵀy, poly (xᵀy + c)^d, gaussian exp(−‖x − y‖² / 2σ²).
// Cost per image on hw aligned positions, C_S and C_T channels (what losses/nst*.ts run):
//   linear            HW·(C_S + C_T) + 2·HW·C_S              channel means and their gradient
//   poly / gaussian   HW·(C_S² + C_S·C_T + C_T²)             Gram matrices of T·T, S·S, S·T
//     (C×C form)      + HW·C_S·(C_S + C_T)                   gradient S·M1 + T·M2ᵀ (nst-grams.ts)
//   poly d = 2        3·HW²·(C_S + C_T)                      G_T − G_S = UVᵀ [HW, HW] and its two
//     (HW×HW form)                                           gradients, when it holds fewer values
import { z } from 'zod';
import { defineMethod } from './define';
import { choosePolyForm } from '../term-forms';

export const NST_KERNELS = ['linear', 'poly', 'gaussian'] as const;
export type NstKernel = (typeof NST_KERNELS)[number];

const DEFAULTS = { kernel: 'poly', degree: 2, c: 0 } as const;

const nstRecipe = (kernel: NstKernel) => ({ method: 'nst', weight: 50, options: { kernel } });

export const NST = defineMethod({
  method: 'nst',
  label: 'NST',
  paper: 'Huang & Wang 2017',
  line: 'Match the distribution of neuron selectivity patterns (each channel’s map) by MMD² under a kernel; λ weighs it.',
  consumes: 'maps',
  options: {
    kernel: z
      .enum(NST_KERNELS, { error: (issue) => `unknown kernel ${JSON.stringify(issue.input)}; use one of ${NST_KERNELS.join(', ')}` })
      .optional()
      .describe('MMD kernel: linear, poly or gaussian; default poly'),
    degree: z.number().int().min(1).optional().describe('poly kernel exponent d (whole number ≥ 1); default 2'),
    c: z.number().finite().optional().describe('poly kernel offset c (any finite number); default 0'),
    sigma2: z.number().finite().positive().optional().describe('gaussian bandwidth σ² (> 0, squared unit-norm distance); default: automatic per image'),
  },
  defaults: DEFAULTS,
  weight: { key: 'lambda', label: 'λ (weight on MMD²)', default: 50 },
  fields: [
    {
      option: 'kernel',
      label: 'NST kernel',
      kind: 'choice',
      choices: {
        linear: { label: 'Linear', line: 'k(x, y) = xᵀy: matches the mean selectivity pattern; the cheapest.' },
        poly: { label: 'Polynomial', line: 'k(x, y) = (xᵀy + c)^d: with d = 2, c = 0 it matches Gram matrices (the paper’s best).' },
        gaussian: { label: 'Gaussian', line: 'k(x, y) = exp(−‖x − y‖² / 2σ²): matches all moments; σ² from the data unless fixed.' },
      },
    },
    { option: 'degree', label: 'Degree d', kind: 'integer', when: { option: 'kernel', equals: 'poly' } },
    { option: 'c', label: 'Offset c', kind: 'number', when: { option: 'kernel', equals: 'poly' } },
    {
      option: 'sigma2',
      label: 'σ²',
      kind: 'number',
      when: { option: 'kernel', equals: 'gaussian' },
      automatic: { label: 'σ² automatic (mean pairwise distance per image)', fixedDefault: 1 },
    },
  ],
  pairs: 'deepest',
  presets: [
    {
      name: 'nst-poly',
      label: 'NST (poly)',
      summary: 'Huang & Wang 2017: CE + 50·MMD², polynomial kernel d = 2, c = 0',
      terms: [{ method: 'ce', weight: 1 }, nstRecipe('poly')],
    },
    {
      name: 'nst-linear',
      label: 'NST (linear)',
      summary: 'CE + 50·MMD², linear kernel (matches channel-mean maps)',
      terms: [{ method: 'ce', weight: 1 }, nstRecipe('linear')],
    },
    {
      name: 'nst-gaussian',
      label: 'NST (Gaussian)',
      summary: 'CE + 50·MMD², Gaussian kernel, σ² from the data',
      terms: [{ method: 'ce', weight: 1 }, nstRecipe('gaussian')],
    },
    {
      name: 'kd+nst',
      label: 'KD + NST',
      summary: 'The NST paper’s best: 0.1·CE + 0.9·KD + 50·MMD² (poly)',
      terms: [{ method: 'ce', weight: 0.1 }, { method: 'kd', weight: 0.9, options: { temperature: 4 } }, nstRecipe('poly')],
    },
  ],
  cost: ({ student, teacher, hw, options }) => {
    const cS = student[2];
    const cT = teacher[2];
    const kernel = options.kernel ?? DEFAULTS.kernel;
    if (kernel === 'linear') return { form: 'nst-linear', macs: hw * (cS + cT) + 2 * hw * cS };
    const degree = typeof options.degree === 'number' ? options.degree : DEFAULTS.degree;
    if (kernel === 'poly' && choosePolyForm(cT, cS, hw, degree) === 'position') {
      return { form: 'nst-position', macs: 3 * hw * hw * (cS + cT) };
    }
    return { form: 'nst-channel', macs: hw * (cS * cS + cS * cT + cT * cT) + hw * cS * (cS + cT) };
  },
});
