// The objective's methods, one module each (ce, kd, at, nst, hint): option schemas, defaults,
// labels, papers, form fields, presets and cost formulas in one place, read by the run-config
// schema (TermSchema), the worker's loss registry (src-main/training/core/losses/registry.ts),
// the checks made before a run starts, the New run form, the presets and the cost estimate.
// A new method is a new module here, listed in METHODS, plus its loss in the registry.
import { z } from 'zod';
import { AT } from './at';
import { CE } from './ce';
import { needsTaps, termSchema } from './define';
import { HINT } from './hint';
import { KD } from './kd';
import { NST } from './nst';
import { SP } from './sp';
import { didYouMean } from '../suggest';

export { AT, CE, HINT, KD, NST, SP };
export { NST_KERNELS, type NstKernel } from './nst';
export type { MethodDefinition, OptionField, PairPlacement, PresetDefinition, TermRecipe, WeightField } from './define';
export { needsTaps } from './define';

/** Every method, in the order the registry and the form list them. */
export const METHODS = { ce: CE, kd: KD, at: AT, nst: NST, hint: HINT, sp: SP } as const;
export type MethodName = keyof typeof METHODS;
export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];
/** A method definition whatever its name (for code that walks all of them). */
export type AnyMethod = (typeof METHODS)[MethodName];

/** Methods a distillation adds to CE (each has a weight field in the form), in form order. */
export const DISTILL_METHOD_NAMES = METHOD_NAMES.filter((m) => METHODS[m].weight !== undefined);
/** Methods that pair a teacher tap with a student tap (the form's layer pairs). */
export const PAIR_METHOD_NAMES = METHOD_NAMES.filter((m) => needsTaps(METHODS[m]));

/** One term of the objective, told apart by `method`. */
export const TermSchema = z.discriminatedUnion('method', [termSchema(CE), termSchema(KD), termSchema(AT), termSchema(NST), termSchema(HINT), termSchema(SP)], {
  error: (issue) => {
    if (issue.code !== 'invalid_union') return undefined;
    const method = (issue.input as { method?: unknown } | undefined)?.method;
    if (typeof method !== 'string') return `required, one of ${METHOD_NAMES.join(', ')}`;
    return `unknown method '${method}'; ${didYouMean(method, METHOD_NAMES, 'methods')}`;
  },
});
export type Term = z.infer<typeof TermSchema>;
export type TermInput = z.input<typeof TermSchema>;

/** Option names a method accepts. */
export function optionNames(method: MethodName): string[] {
  return Object.keys(METHODS[method].options);
}

/** The method of a name, or undefined for a name no module defines. */
export function methodOf(name: string): AnyMethod | undefined {
  return Object.hasOwn(METHODS, name) ? METHODS[name as MethodName] : undefined;
}
