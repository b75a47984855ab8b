// `distill-studio demo`: the built-in demo, headless. Queues teacher → baseline → KD → NST-poly →
// KD+NST on the bundled MNIST digits (or --dataset), with the distill runs' weights balanced
// against CE at their start (--paper-weights keeps the papers'), shows which run is training
// with an ETA, then prints the table (validation and test accuracy, parameters, share of the
// teacher–baseline gap recovered, wall time). With --seeds it runs once per seed and adds the
// summary of demo-seeds.ts (mean ± std, paired difference against the baseline).
import type { StudioServices } from '../../services/studio-services';
import type { EventPayloads } from '../../../shared/contract';
import { TERMINAL_STATUSES } from '../../../shared/types';
import type { DemoRow } from '../../../shared/types';
import { formatMeanStd, summarizeDemoSeeds } from '../demo-seeds';
import { failWith, formatDuration, printJson, table } from '../output';
import { resolveDatasetId } from './datasets';

type DemoOpts = { epochs?: number; samples?: number; seeds?: number[]; json?: boolean; dataset?: string; paperWeights?: boolean };

export async function demoCommand(services: StudioServices, opts: DemoOpts): Promise<number> {
  if (!opts.seeds || opts.seeds.length < 2) return oneDemo(services, { ...opts, seed: opts.seeds?.[0] });
  const tables: DemoRow[][] = [];
  for (const seed of opts.seeds) {
    if (!opts.json) process.stderr.write(`seed ${seed}:\n`);
    tables.push(await demoRows(services, { ...opts, seed }));
  }
  const summary = summarizeDemoSeeds(tables);
  if (opts.json) printJson({ seeds: opts.seeds, tables, summary });
  else {
    const withTest = summary.some((r) => r.testAccuracy !== null);
    const head = ['RUN', 'MODEL', 'VAL ACC', 'Δ VS BASELINE', ...(withTest ? ['TEST ACC', 'TEST Δ'] : []), 'GAP RECOVERED', 'HELPS?'];
    process.stdout.write(
      `\nDemo over seeds ${opts.seeds.join(', ')} (accuracy %, mean ± sample std; Δ: paired with the baseline of the same seed; HELPS?: on ${withTest ? 'the test split' : 'validation'})\n` +
        table(
          head,
          summary.map((r, i) => [
            r.label,
            r.model,
            formatMeanStd(r.accuracy),
            formatMeanStd(r.vsBaseline, true),
            ...(withTest ? [formatMeanStd(r.testAccuracy), formatMeanStd(r.testVsBaseline, true)] : []),
            formatMeanStd(r.gapRecovered),
            i < 2 ? '' : r.helps ? 'yes' : 'not beyond the spread',
          ]),
        ) +
        '\n',
    );
  }
  return tables.every((t) => t.every((r) => r.status === 'completed')) ? 0 : 1;
}

async function oneDemo(services: StudioServices, opts: DemoOpts & { seed?: number }): Promise<number> {
  const rows = await demoRows(services, opts);
  if (opts.json) printJson(rows);
  else {
    const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(2)} %`);
    const withTest = rows.some((r) => r.testAccuracy !== null);
    process.stdout.write(
      '\n' +
        table(
          ['RUN', 'MODEL', 'STATUS', 'VAL ACC', ...(withTest ? ['TEST ACC'] : []), 'PARAMS', 'GAP RECOVERED', 'WALL TIME'],
          rows.map((r) => [
            r.label,
            r.model,
            r.status,
            pct(r.accuracy),
            ...(withTest ? [pct(r.testAccuracy)] : []),
            r.params.toLocaleString('en-US'),
            pct(r.gapRecovered),
            formatDuration(r.seconds),
          ]),
        ) +
        '\n',
    );
  }
  return rows.every((r) => r.status === 'completed') ? 0 : 1;
}

/** Queues one demo, follows it to the end, and returns its table. */
async function demoRows(services: StudioServices, opts: DemoOpts & { seed?: number }): Promise<DemoRow[]> {
  const datasetId = opts.dataset === undefined ? undefined : await resolveDatasetId(services, opts.dataset);
  const started = await services.invoke('demo:start', {
    epochs: opts.epochs,
    trainSamples: opts.samples,
    seed: opts.seed,
    datasetId,
    paperWeights: opts.paperWeights,
  });
  if (!started.ok) failWith(started.error);
  const ids = started.value.map((r) => r.id);
  const names = new Map(started.value.map((r) => [r.id, r.name]));
  const pending = new Set(ids);
  let lastLine = 0;
  let unsubscribe = () => {};
  await new Promise<void>((resolve) => {
    unsubscribe = services.onEvent((event, raw) => {
      const p = raw as EventPayloads['run:progress'] & EventPayloads['run:status'];
      if (!pending.has(p.runId)) return;
      if (event === 'run:status' && TERMINAL_STATUSES.includes(p.status)) {
        pending.delete(p.runId);
        if (!opts.json) process.stderr.write(`  ${names.get(p.runId)}: ${p.status}${p.error ? ` (${p.error})` : ''}\n`);
        if (pending.size === 0) resolve();
      } else if (event === 'run:progress' && !opts.json && Date.now() - lastLine > 5000) {
        lastLine = Date.now();
        process.stderr.write(`  ${names.get(p.runId)}: ${Math.round(p.fraction * 100)}%, ETA ${formatDuration(p.etaSeconds)}\n`);
      }
    });
  });
  unsubscribe();
  const tableRes = await services.invoke('demo:table', { ids });
  if (!tableRes.ok) failWith(tableRes.error);
  return tableRes.value;
}
