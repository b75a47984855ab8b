// Similarity-preserving KD, Tung & Mori 2019, "Similarity-Preserving Knowledge Distillation":
// sp = ‖G_T − G_S‖²_F / B², G = the batch's row-normalised similarity matrix Q·Qᵀ of flattened
// maps (losses/sp.ts). No options. The reference recipe (RepDistiller's CIFAR-100 table) weighs
// it γ = 3000 on the last feature map. Its B×B products cost B·H·W·(C_S + C_T) multiply-adds per
// image, under 1 % of a convolution step at the zoo's sizes, so no cost formula is declared.
import { defineMethod } from './define';

export const SP = defineMethod({
  method: 'sp',
  label: 'SP',
  paper: 'Tung & Mori 2019',
  line: 'Match which images of the batch look alike: the row-normalised similarity matrix of the flattened maps; γ weighs it.',
  consumes: 'maps',
  options: {},
  defaults: {},
  weight: { key: 'gamma', label: 'γ (weight)', default: 3000 },
  fields: [],
  pairs: 'deepest',
  presets: [
    {
      name: 'sp',
      label: 'SP',
      summary: 'Tung & Mori 2019: CE + 3000·‖G_T − G_S‖²_F / B² on the last feature map',
      terms: [
        { method: 'ce', weight: 1 },
        { method: 'sp', weight: 3000 },
      ],
    },
  ],
});
