// Sweeps: expand a grid over methods × weight scales × NST kernels × seeds into run configs.
// Runs of one grid point that differ only by seed share a `group:` tag (the compare view shows
// mean ± std per group); every run of the sweep shares a `sweep:` tag. The runs:sweep handler
// checks every expanded config (RunsService.validate) before it queues the first one.
import { randomUUID } from 'node:crypto';
import type { NstKernel } from '../../shared/methods';
import type { RunConfig, Term } from '../../shared/schemas/run-config';
import { StudioFailure } from '../../shared/result';

export const MAX_SWEEP_RUNS = 200;

export interface SweepGrid {
  base: RunConfig;
  methods?: { label: string; terms: Term[] }[];
  weightScales?: number[];
  kernels?: NstKernel[];
  seeds?: number[];
}

const scaleTerms = (terms: Term[], scale: number): Term[] => terms.map((t) => (t.method === 'ce' || scale === 1 ? t : { ...t, weight: t.weight * scale }));

const withKernel = (terms: Term[], kernel: NstKernel): Term[] => terms.map((t) => (t.method === 'nst' ? { ...t, options: { ...t.options, kernel } } : t));

export function expandSweep(grid: SweepGrid): RunConfig[] {
  const sweepId = randomUUID().slice(0, 8);
  const methods = grid.methods?.length ? grid.methods : [{ label: grid.base.name ?? 'base', terms: grid.base.terms }];
  const scales = grid.weightScales?.length ? grid.weightScales : [1];
  const seeds = grid.seeds?.length ? grid.seeds : [grid.base.seed];
  const configs: RunConfig[] = [];
  for (const m of methods) {
    const hasNst = m.terms.some((t) => t.method === 'nst');
    const kernels: (NstKernel | null)[] = hasNst && grid.kernels?.length ? grid.kernels : [null];
    for (const scale of scales) {
      for (const kernel of kernels) {
        let terms = scaleTerms(m.terms, scale);
        if (kernel) terms = withKernel(terms, kernel);
        const point = [m.label, scale !== 1 ? `×${scale}` : null, kernel].filter(Boolean).join(' ');
        const group = `group:${sweepId}-${configs.length / seeds.length}`;
        for (const seed of seeds) {
          configs.push({
            ...grid.base,
            kind: terms.some((t) => t.method !== 'ce') ? 'distill' : grid.base.kind,
            terms,
            seed,
            name: `${point} · seed ${seed}`,
            tags: [...grid.base.tags, `sweep:${sweepId}`, ...(seeds.length > 1 ? [group] : [])],
          });
        }
      }
    }
  }
  if (configs.length > MAX_SWEEP_RUNS) {
    throw new StudioFailure('invalid_input', `the sweep would create ${configs.length} runs; the limit is ${MAX_SWEEP_RUNS} — narrow the grid`);
  }
  return configs;
}
