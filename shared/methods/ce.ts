// Cross-entropy with the hard labels: ce = mean_b −log softmax(z_S)_y (losses/ce.ts). No options;
// its weight is the form's CE field, or 1 − α next to KD.
import { defineMethod } from './define';

export const CE = defineMethod({
  method: 'ce',
  label: 'CE',
  paper: '',
  line: 'Cross-entropy with the true labels.',
  consumes: 'labels',
  options: {},
  defaults: {},
  fields: [],
  presets: [],
});
