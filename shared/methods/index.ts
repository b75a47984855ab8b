// The objective's methods, one module each (ce, kd, at, nst, hint): option schemas, defaults,
// labels and papers in one place, read by the run-config schema (TermSchema), the worker's loss
// registry (src-main/training/core/losses/registry.ts) and the checks made before a run starts.
import { z } from 'zod';
import { AT } from './at';
import { CE } from './ce';
import { termSchema } from './define';
import { HINT } from './hint';
import { KD } from './kd';
import { NST } from './nst';
import { didYouMean } from '../suggest';

export { AT, CE, HINT, KD, NST };
export { NST_KERNELS, type NstKernel } from './nst';
export type { MethodDefinition } from './define';
export { needsTaps } from './define';

/** Every method, in the order the registry and the form list them. */
export const METHODS = { ce: CE, kd: KD, at: AT, nst: NST, hint: HINT } as const;
export type MethodName = keyof typeof METHODS;
export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

export const CeTermSchema = termSchema(CE);
export const KdTermSchema = termSchema(KD);
export const AtTermSchema = termSchema(AT);
export const NstTermSchema = termSchema(NST);
export const HintTermSchema = termSchema(HINT);

/** One term of the objective, told apart by `method`. */
export const TermSchema = z.discriminatedUnion('method', [CeTermSchema, KdTermSchema, AtTermSchema, NstTermSchema, HintTermSchema], {
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
