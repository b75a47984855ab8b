// Knowledge distillation, Hinton, Vinyals & Dean 2015, "Distilling the Knowledge in a Neural
// Network": kd = T² · mean_b KL(softmax(z_T/T) ‖ softmax(z_S/T)) on the logits (losses/kd.ts).
import { z } from 'zod';
import { defineMethod } from './define';

export const KD = defineMethod({
  method: 'kd',
  label: 'KD',
  paper: 'Hinton, Vinyals & Dean 2015',
  consumes: 'logits',
  options: {
    temperature: z.number().finite().positive().optional().describe('softmax temperature T (> 0, unitless); default 4'),
  },
  defaults: { temperature: 4 },
});
