// Attention transfer, Zagoruyko & Komodakis 2017, "Paying More Attention to Attention":
// a = normalize(mean_c |F_c|^p), at = mean (a_S − a_T)² over a pair of feature maps (losses/at.ts).
import { z } from 'zod';
import { defineMethod } from './define';

export const AT = defineMethod({
  method: 'at',
  label: 'AT',
  paper: 'Zagoruyko & Komodakis 2017',
  consumes: 'maps',
  options: {
    // below 1 the gradient of |F|^p is infinite at the zeros ReLU features are full of
    p: z.number().finite().min(1).optional().describe('exponent p of |F|^p (≥ 1, unitless); default 2'),
  },
  defaults: { p: 2 },
});
