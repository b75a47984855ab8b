// FitNets hint, Romero et al. 2015, "FitNets: Hints for Thin Deep Nets": hint = mean (r(F_S) − F_T)²
// with a trained adapter r (hint-adapters.ts; its form follows the map sizes, term-forms.ts). No
// options: the adapter is chosen from the shapes, not configured.
// Cost: the adapter conv, k = 3 (stride 2) or 1, forward + input and filter gradients:
//   3 · H_T·W_T · k²·C_S·C_T multiply-adds per image.
import { defineMethod } from './define';
import { hintAdapterForm } from '../term-forms';

export const HINT = defineMethod({
  method: 'hint',
  label: 'FitNet',
  paper: 'Romero et al. 2015',
  line: 'Regress the student’s feature map, through a trained adapter, onto the teacher’s (MSE); β weighs it.',
  consumes: 'adapted-maps',
  options: {},
  defaults: {},
  weight: { key: 'beta', label: 'β', default: 100 },
  fields: [],
  pairs: 'middle',
  presets: [
    {
      name: 'fitnet',
      label: 'FitNet',
      summary: 'Romero et al. 2015: CE + 100·‖r(F_S) − F_T‖² at a middle tap',
      terms: [
        { method: 'ce', weight: 1 },
        { method: 'hint', weight: 100 },
      ],
    },
  ],
  cost: ({ student, teacher }) => {
    const adapter = hintAdapterForm(student, teacher);
    if (!adapter) return null;
    const k = adapter === '3x3-stride2' ? 3 : 1;
    return { form: `hint-${adapter}`, macs: 3 * teacher[0] * teacher[1] * k * k * student[2] * teacher[2] };
  },
});
