// Attention transfer, Zagoruyko & Komodakis 2017, "Paying More Attention to Attention":
// a = normalize(mean_c |F_c|^p), at = mean (a_S − a_T)² over a pair of feature maps (losses/at.ts).
// Element-wise only: it adds no matrix products to a step (shared/term-cost.ts).
import { z } from 'zod';
import { defineMethod } from './define';

export const AT = defineMethod({
  method: 'at',
  label: 'AT',
  paper: 'Zagoruyko & Komodakis 2017',
  line: 'Match where the networks look: channel mean of |F|^p per position, L2-normalised; β per layer pair.',
  consumes: 'maps',
  options: {
    // below 1 the gradient of |F|^p is infinite at the zeros ReLU features are full of
    p: z.number().finite().min(1).optional().describe('exponent p of |F|^p (≥ 1, unitless); default 2'),
  },
  defaults: { p: 2 },
  weight: { key: 'beta', label: 'β (per pair)', default: 1000 },
  fields: [{ option: 'p', label: 'p (power)', kind: 'number' }],
  pairs: 'all',
  presets: [
    {
      name: 'at',
      label: 'AT',
      summary: 'Zagoruyko & Komodakis 2017: CE + 1000·Σ pairs ‖a_S − a_T‖², p = 2',
      terms: [
        { method: 'ce', weight: 1 },
        { method: 'at', weight: 1000, options: { p: 2 } },
      ],
    },
  ],
});
