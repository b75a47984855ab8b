// What every method module in this folder declares, and how its run-config term schema is made
// from it: { method, weight, teacherTap?, studentTap?, options? }, refusing unknown keys. Methods
// that pair feature maps (at, nst, hint) need taps; those on the logits (ce, kd) take none.
// Besides the schema, a module holds what the rest of the app derives from it: the New run
// form's fields, the presets, where "Suggest pairs" places the method, and its cost formula
// (shared/term-cost.ts), so adding a method means one new module here plus its loss.
import { z } from 'zod';
import { strictObject } from '../schemas/strict-object';

/** A term as a preset writes it (the full type is shared/schemas/run-config.ts `Term`). */
export interface TermRecipe {
  method: string;
  weight: number;
  options?: Record<string, number | string>;
}

/** A named recipe of the New run form's preset bar; taps are placed by each method's `pairs` rule. */
export interface PresetDefinition {
  name: string;
  label: string;
  /** Tooltip: the formula with its weights and the paper. */
  summary: string;
  terms: readonly TermRecipe[];
}

/** One option as a form field: a number input, or a segmented choice over an enum. */
export interface OptionField {
  option: string;
  label: string;
  kind: 'number' | 'integer' | 'choice';
  /** For 'choice': every value with its label and a one-line explanation. */
  choices?: Readonly<Record<string, { label: string; line: string }>>;
  /** Shown (and written to the config) only while another option of the method has this value. */
  when?: { option: string; equals: string };
  /**
   * The option may be left out to let the engine choose per batch; the form then offers
   * "automatic" or "fixed" (`label` names the automatic choice), and `fixedDefault` is the
   * value a user switching to fixed starts from.
   */
  automatic?: { label: string; fixedDefault: number };
}

/** How the form and the presets weigh the term. */
export interface WeightField {
  /** Field name in the form (DOM id `<method>-<key>`). */
  key: string;
  label: string;
  /** The reference weight the form starts from (docs/methods.md). */
  default: number;
  /** KD's α: the CE term then gets 1 − weight, and the weight must lie in [0, 1]. */
  complementsCe?: boolean;
}

/** Where "Suggest pairs" ticks a method that pairs maps: every pair, the deepest, or the middle one. */
export type PairPlacement = 'all' | 'deepest' | 'middle';

/** Cost inputs of one aligned pair of maps (shared/term-cost.ts): shapes [H, W, C] without the batch. */
export interface PairCostInput {
  student: readonly [number, number, number];
  teacher: readonly [number, number, number];
  /** Positions after spatial alignment (min H × min W); the teacher's for adapted maps. */
  hw: number;
  options: Readonly<Record<string, number | string>>;
}

/** Extra multiply-adds per image of one term, and the name of the computation the display shows. */
export interface TermMacs {
  form: string;
  macs: number;
}

export interface MethodDefinition<M extends string, O extends z.core.$ZodLooseShape> {
  method: M;
  /** Short name shown in the UI and reports. */
  label: string;
  /** The paper the formula follows ('' for plain cross-entropy). */
  paper: string;
  /** One line for the New run form: what the term matches. */
  line: string;
  /**
   * What the objective feeds the loss (training/core/objective.ts): the student's logits and the
   * labels; both models' logits; a teacher tap and a student tap (feature maps, spatially aligned
   * when their sizes differ); or a student tap through a trainable adapter (hint-adapters.ts).
   */
  consumes: 'labels' | 'logits' | 'maps' | 'adapted-maps';
  /** Option name → schema (each optional; ranges and units in .describe()). */
  options: O;
  /** Values the engine uses for options left out (sigma2 has none: automatic). */
  defaults: Readonly<Partial<{ [K in keyof O]: z.output<O[K]> }>>;
  /** The form's weight field; none for CE (its weight is the form's own CE field). */
  weight?: WeightField;
  /** The form's option fields, in display order. */
  fields: readonly OptionField[];
  /** For methods on maps: which suggested pairs the method is ticked on. */
  pairs?: PairPlacement;
  /** Presets this method brings to the preset bar (combinations included, e.g. KD + NST). */
  presets: readonly PresetDefinition[];
  /** Extra multiply-adds per image for one pair (methods on maps); absent: element-wise only. */
  cost?: (pair: PairCostInput) => TermMacs | null;
}

const weight = z.number().finite().nonnegative().describe('weight of the term in the objective (≥ 0, unitless)');
const tap = z.string().min(1);

/**
 * The term schema of one method. Every term has the tap keys so all terms read alike; a method on
 * the logits (ce, kd) refuses taps and a method on feature maps requires both (run-config.ts).
 */
export function termSchema<M extends string, O extends z.core.$ZodLooseShape>(def: MethodDefinition<M, O>) {
  return strictObject({
    method: z.literal(def.method),
    weight,
    teacherTap: tap.optional(),
    studentTap: tap.optional(),
    options: strictObject(def.options).optional(),
  });
}

/** true: the term pairs a teacher tap with a student tap (feature maps, not logits). */
export function needsTaps(def: { consumes: MethodDefinition<string, z.core.$ZodLooseShape>['consumes'] }): boolean {
  return def.consumes === 'maps' || def.consumes === 'adapted-maps';
}

/** Identity with inference: the method name stays a literal and defaults are checked against the options. */
export function defineMethod<const M extends string, O extends z.core.$ZodLooseShape>(def: MethodDefinition<M, O>): MethodDefinition<M, O> {
  return def;
}
