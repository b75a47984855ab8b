// What every method module in this folder declares, and how its run-config term schema is made
// from it: { method, weight, teacherTap?, studentTap?, options? }, refusing unknown keys. Methods
// that pair feature maps (at, nst, hint) need taps; those on the logits (ce, kd) take none.
import { z } from 'zod';
import { strictObject } from '../schemas/strict-object';

export interface MethodDefinition<M extends string, O extends z.core.$ZodLooseShape> {
  method: M;
  /** Short name shown in the UI and reports. */
  label: string;
  /** The paper the formula follows ('' for plain cross-entropy). */
  paper: string;
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
