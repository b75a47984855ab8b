// `distill-studio demo`: the built-in demo, headless. Queues teacher → baseline → KD → NST-poly →
// KD+NST on the bundled MNIST digits, shows which run is training with an ETA, then prints the
// table (accuracy, parameters, share of the teacher–baseline gap recovered, wall time).
import type { StudioServices } from '../../services/studio-services';
import type { EventPayloads } from '../../../shared/contract';
import { TERMINAL_STATUSES } from '../../../shared/types';
import { failWith, formatDuration, printJson, table } from '../output';

export async function demoCommand(
  services: StudioServices,
  opts: { epochs?: number; samples?: number; json?: boolean },
): Promise<number> {
  const started = await services.invoke('demo:start', { epochs: opts.epochs, trainSamples: opts.samples });
  if (!started.ok) failWith(started.error);
  const ids = started.value.map((r) => r.id);
  const names = new Map(started.value.map((r) => [r.id, r.name]));
  const pending = new Set(ids);
  let lastLine = 0;
  await new Promise<void>((resolve) => {
    services.onEvent((event, raw) => {
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
  const tableRes = await services.invoke('demo:table', { ids });
  if (!tableRes.ok) failWith(tableRes.error);
  const rows = tableRes.value;
  if (opts.json) printJson(rows);
  else {
    const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(2)} %`);
    process.stdout.write(
      '\n' +
        table(
          ['RUN', 'MODEL', 'STATUS', 'VAL ACC', 'PARAMS', 'GAP RECOVERED', 'WALL TIME'],
          rows.map((r) => [r.label, r.model, r.status, pct(r.accuracy), r.params.toLocaleString('en-US'), pct(r.gapRecovered), formatDuration(r.seconds)]),
        ) +
        '\n',
    );
  }
  return rows.every((r) => r.status === 'completed') ? 0 : 1;
}
