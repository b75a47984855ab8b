// Neuron selectivity transfer, Huang & Wang 2017, "Like What You Like: Knowledge Distill via
// Neuron Selectivity Transfer": MMD² between the teacher's and the student's channel maps under a
// kernel (losses/nst.ts): linear xᵀy, poly (xᵀy + c)^d, gaussian exp(−‖x − y‖² / 2σ²).
import { z } from 'zod';
import { defineMethod } from './define';

export const NST_KERNELS = ['linear', 'poly', 'gaussian'] as const;
export type NstKernel = (typeof NST_KERNELS)[number];

export const NST = defineMethod({
  method: 'nst',
  label: 'NST',
  paper: 'Huang & Wang 2017',
  consumes: 'maps',
  options: {
    kernel: z
      .enum(NST_KERNELS, { error: (issue) => `unknown kernel ${JSON.stringify(issue.input)}; use one of ${NST_KERNELS.join(', ')}` })
      .optional().describe('MMD kernel: linear, poly or gaussian; default poly'),
    degree: z.number().int().min(1).optional().describe('poly kernel exponent d (whole number ≥ 1); default 2'),
    c: z.number().finite().optional().describe('poly kernel offset c (any finite number); default 0'),
    sigma2: z.number().finite().positive().optional().describe('gaussian bandwidth σ² (> 0, squared unit-norm distance); default: automatic per image'),
  },
  defaults: { kernel: 'poly', degree: 2, c: 0 },
});
