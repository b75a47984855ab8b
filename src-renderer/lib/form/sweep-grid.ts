// The sweep dialog's grid: methods × weight scales × NST kernels × seeds. The count is what the
// dialog shows before queueing; the kernel axis multiplies only methods that have an NST term.
import type { Term } from '../../../shared/schemas/run-config';

export interface SweepMethod {
  label: string;
  terms: Term[];
}

export interface SweepAxes {
  methods: SweepMethod[];
  weightScales: number[];
  kernels: string[];
  seeds: number[];
}

const hasNst = (m: SweepMethod) => m.terms.some((t) => t.method === 'nst');

export function sweepCount(axes: SweepAxes): number {
  const scales = Math.max(1, axes.weightScales.length);
  const seeds = Math.max(1, axes.seeds.length);
  const methods = axes.methods.length ? axes.methods : [{ label: 'base', terms: [] }];
  const perScaleSeed = methods.reduce((n, m) => n + (hasNst(m) ? Math.max(1, axes.kernels.length) : 1), 0);
  return perScaleSeed * scales * seeds;
}

/** "0.5, 1 2" → [0.5, 1, 2]; a message when a part is not a positive number. */
export function parsePositiveList(text: string): { values: number[]; error?: string } {
  const values: number[] = [];
  for (const part of text.split(/[\s,;]+/).filter(Boolean)) {
    const v = Number(part);
    if (!Number.isFinite(v) || v <= 0) return { values: [], error: `"${part}" is not a positive number` };
    if (!values.includes(v)) values.push(v);
  }
  return { values };
}

/** Scale the weight of every non-CE term (what runs:sweep does with weightScales; for previews). */
export function scaleTerms(terms: readonly Term[], scale: number): Term[] {
  return terms.map((t) => (t.method === 'ce' ? t : { ...t, weight: Number((t.weight * scale).toPrecision(12)) }));
}
