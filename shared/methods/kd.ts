// Knowledge distillation, Hinton, Vinyals & Dean 2015, "Distilling the Knowledge in a Neural
// Network": kd = T² · mean_b KL(softmax(z_T/T) ‖ softmax(z_S/T)) on the logits (losses/kd.ts).
// The reference recipe weighs it α = 0.9 with CE at 1 − α, T = 4 (docs/methods.md).
import { z } from 'zod';
import { defineMethod } from './define';

export const KD = defineMethod({
  method: 'kd',
  label: 'KD',
  paper: 'Hinton, Vinyals & Dean 2015',
  line: 'Match the teacher’s softened class probabilities: T²·KL(p_T‖p_S), p = softmax(z/T); α weighs it, CE gets 1 − α.',
  consumes: 'logits',
  options: {
    temperature: z.number().finite().positive().optional().describe('softmax temperature T (> 0, unitless); default 4'),
  },
  defaults: { temperature: 4 },
  weight: { key: 'alpha', label: 'α (KD weight)', default: 0.9, complementsCe: true },
  fields: [{ option: 'temperature', label: 'Temperature T', kind: 'number' }],
  presets: [
    {
      name: 'kd',
      label: 'KD',
      summary: 'Hinton et al. 2015: 0.1·CE + 0.9·T²·KL(p_T‖p_S), T = 4',
      terms: [
        { method: 'ce', weight: 0.1 },
        { method: 'kd', weight: 0.9, options: { temperature: 4 } },
      ],
    },
  ],
});
