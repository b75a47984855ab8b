// FitNets hint, Romero et al. 2015, "FitNets: Hints for Thin Deep Nets": hint = mean (r(F_S) − F_T)²
// with a trained adapter r (hint-adapters.ts; its form follows the map sizes, term-forms.ts). No
// options: the adapter is chosen from the shapes, not configured.
import { defineMethod } from './define';

export const HINT = defineMethod({
  method: 'hint',
  label: 'FitNet',
  paper: 'Romero et al. 2015',
  consumes: 'adapted-maps',
  options: {},
  defaults: {},
});
