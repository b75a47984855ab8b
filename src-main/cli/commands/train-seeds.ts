// `distill-studio train config.yaml --seeds 1,2,3`: one run per seed, one after another, named
// "<name> · seed N" and tagged as one seed group (`group:<id>`, as the New run form does, so the
// compare view shows them as one entry with mean ± std), then a summary over the seeds.
import { randomBytes } from 'node:crypto';
import { METRIC } from '../../../shared/metric-keys';
import type { RunConfig } from '../../../shared/schemas/run-config';
import { meanStd } from '../../../shared/stats';
import { printJson } from '../output';

/** What `train --json` prints for a run that ended. */
export interface TrainResult {
  id: string;
  name: string;
  status: string;
  error: string | null;
  backend: string | null;
  seconds: number | null;
  finalMetrics: Record<string, number>;
  /** Images per second over the training steps (run-pace.ts). */
  averageImagesPerSec?: number | null;
  /** The ETA shown at 10 % against the time the rest took. */
  eta?: { atFraction: number; predictedSeconds: number; actualSeconds: number; error: number } | null;
}

type TrainOne = (config: RunConfig, opts: { json?: boolean; detach?: boolean }, report: (r: TrainResult) => void) => Promise<number>;

/** Metrics summarised over the seeds when the runs recorded them. */
const SUMMARISED = [METRIC.valAcc, METRIC.testAcc, METRIC.bestTestAcc, METRIC.valLoss];

export async function trainSeeds(config: RunConfig, opts: { json?: boolean; detach?: boolean }, seeds: readonly number[], trainOne: TrainOne): Promise<number> {
  if (opts.detach) process.stderr.write('note: with --seeds each run is submitted in turn and followed to its end\n');
  const group = `group:${randomBytes(6).toString('base64url').slice(0, 8).toLowerCase()}`;
  const base = config.name ?? `${config.kind} ${config.model}`;
  if (!opts.json && config.seed !== undefined && !seeds.includes(config.seed)) process.stderr.write(`note: --seeds overrides the file's seed ${config.seed}\n`);
  const results: TrainResult[] = [];
  let code = 0;
  for (const seed of seeds) {
    if (!opts.json) process.stderr.write(`seed ${seed}:\n`);
    const one = { ...config, seed, name: `${base} · seed ${seed}`, tags: [...(config.tags ?? []), group] };
    code = Math.max(code, await trainOne(one, { ...opts, detach: false }, (r) => results.push(r)));
  }
  const summary = Object.fromEntries(SUMMARISED.map((key) => [key, meanStd(results.map((r) => r.finalMetrics[key]))] as const).filter(([, v]) => v !== null));
  if (opts.json) printJson({ group, seeds, runs: results, summary });
  else {
    for (const r of results) process.stdout.write(`Run ${r.id} (${r.name}) ${r.status}${r.error ? `: ${r.error}` : ''}\n`);
    process.stdout.write(`Over seeds ${seeds.join(', ')} (${group}, mean ± sample std):\n`);
    for (const [key, m] of Object.entries(summary)) process.stdout.write(`  ${key.padEnd(13)} ${m!.mean.toFixed(4)} ± ${m!.std.toFixed(4)}  (n = ${m!.n})\n`);
  }
  return code;
}
