// `runs list`, `runs show <id>`: read-only views of the history, as aligned tables for people or
// JSON (--json) for scripts. They never recover anything (only the folder's owner does), so a run
// left `running` by a crashed owner is shown as stored, with a note. `runs delete <id…>` is an
// owner command (src-main/cli/index.ts).
import { currentOwner } from '../../services/data-folder-lock';
import type { StudioServices } from '../../services/studio-services';
import type { RunRecord, RunSlurmJob } from '../../../shared/types';
import { CliError, failWith, formatDuration, printJson, table } from '../output';
import { METRIC } from '../../../shared/metric-keys';
import { findBaseline, runGap } from '../run-baseline';
import { parseFilters, sortRuns } from '../run-list-options';

/** On stderr, so --json output stays parseable. */
function noteOrphans(services: StudioServices, runs: RunRecord[]): void {
  if (!runs.some((r) => r.status === 'running') || currentOwner(services.dataDir)) return;
  process.stderr.write(
    'note: no Distill Studio process owns this data folder, so runs shown as running are not training; ' +
      'they become interrupted (and resumable) when the app or `serve` starts on it\n',
  );
}

const duration = (r: RunRecord) => (r.startedAt && r.finishedAt ? formatDuration((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000) : '–');

/** The objective in a few characters: `kd+nst`, `ce`. */
const methodOf = (r: RunRecord) =>
  r.config.terms
    .map((t) => t.method)
    .filter((m) => m !== 'ce')
    .join('+') || 'ce';
const percent = (v: number | null | undefined) => (typeof v === 'number' ? `${(100 * v).toFixed(2)}` : '–');

export async function runsList(services: StudioServices, opts: { json?: boolean; limit?: number; sort?: string; filter?: string[] }): Promise<number> {
  const res = await services.invoke('runs:list', { limit: opts.limit ?? 200 });
  if (!res.ok) failWith(res.error);
  noteOrphans(services, res.value);
  const filters = parseFilters(opts.filter ?? []);
  const shown = res.value.filter((r) => filters.every((f) => f(r)));
  if (opts.json) printJson(shown);
  else if (shown.length === 0)
    process.stdout.write(res.value.length ? 'No run matches the filters.\n' : 'No runs yet. Start one with `distill-studio train examples/mnist-cnn.yaml`.\n');
  else {
    // Validation accuracy (last and best) comes from the run summaries, as in the history screen.
    const page = await services.invoke('runs:query', {
      columns: [
        { key: METRIC.valAcc, agg: 'last' },
        { key: METRIC.valAcc, agg: 'best' },
      ],
      limit: Math.min(500, opts.limit ?? 200),
    });
    const acc = new Map(page.ok ? page.value.rows.map((r) => [r.id, r.metrics]) : []);
    const lastAcc = (id: string) => acc.get(id)?.['val/acc:last'];
    const gaps = new Map(shown.map((r) => [r.id, runGap(r, res.value, lastAcc)?.gap ?? null]));
    const sorted = sortRuns(shown, opts.sort, {
      acc: (r) => lastAcc(r.id) ?? null,
      best: (r) => acc.get(r.id)?.['val/acc:best'] ?? null,
      gap: (r) => gaps.get(r.id) ?? null,
    });
    const rows = sorted.map((r) => [
      r.id,
      r.name,
      r.kind,
      r.status,
      r.config.model,
      methodOf(r),
      r.teacherRunId ? r.teacherRunId.slice(0, 8) : '–',
      r.datasetId,
      percent(acc.get(r.id)?.['val/acc:last']),
      percent(acc.get(r.id)?.['val/acc:best']),
      percent(gaps.get(r.id)),
      r.createdAt.slice(0, 19).replace('T', ' '),
      duration(r),
    ]);
    process.stdout.write(
      table(['ID', 'NAME', 'KIND', 'STATUS', 'MODEL', 'METHOD', 'TEACHER', 'DATASET', 'VAL ACC %', 'BEST %', 'GAP %', 'CREATED', 'TIME'], rows) + '\n',
    );
  }
  return 0;
}

/** `runs delete <id…>`: ids or unique prefixes; refused (with the reason) for running runs and teachers of others. */
export async function runsDelete(services: StudioServices, idsOrPrefixes: string[], opts: { json?: boolean }): Promise<number> {
  const ids: string[] = [];
  for (const p of idsOrPrefixes) ids.push(await resolveRunId(services, p));
  const res = await services.invoke('runs:delete', { ids });
  if (!res.ok) failWith(res.error);
  if (opts.json) printJson(res.value);
  else process.stdout.write(`Deleted ${res.value.deleted} run${res.value.deleted === 1 ? '' : 's'} (history, metrics and files).\n`);
  return 0;
}

/** Accepts a full id, a unique prefix of one (as git does), or a run's name (unique, or the newest completed). */
export async function resolveRunId(services: StudioServices, ref: string): Promise<string> {
  const exact = await services.invoke('runs:get', { id: ref });
  if (exact.ok) return ref;
  const all = await services.invoke('runs:list', { limit: 1000 });
  const runs = all.ok ? all.value : [];
  const matches = runs.filter((r) => r.id.startsWith(ref));
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length > 1) throw new CliError(`run id prefix '${ref}' is ambiguous (${matches.length} runs match)`, 2);
  const named = runs.filter((r) => r.name === ref);
  if (named.length === 1) return named[0]!.id;
  if (named.length > 1) {
    throw new CliError(
      `${named.length} runs are named '${ref}' (${named
        .slice(0, 5)
        .map((r) => `${r.id.slice(0, 8)} ${r.status}`)
        .join(', ')}); use an id`,
      2,
    );
  }
  throw new CliError(`no run with id '${ref}' and none named so (see \`distill-studio runs list\`)`, 2);
}

/** "123 (PENDING, Resources)" or "120_3 (array job 120, task 3; RUNNING)". */
function slurmJobLine(j: RunSlurmJob): string {
  const state = [j.state, j.reason].filter(Boolean).join(', ');
  const array = j.arrayJobId !== null ? `array job ${j.arrayJobId}, task ${j.arrayTask}` : '';
  const notes = [array, state].filter(Boolean).join('; ');
  return `${j.jobId ?? 'not submitted yet'}${notes ? ` (${notes})` : ''}`;
}

export async function runsShow(services: StudioServices, idOrPrefix: string, opts: { json?: boolean }): Promise<number> {
  const id = await resolveRunId(services, idOrPrefix);
  const res = await services.invoke('runs:get', { id });
  if (!res.ok) failWith(res.error);
  const r = res.value;
  noteOrphans(services, [r]);
  if (opts.json) {
    printJson(r);
    return 0;
  }
  const lines = [
    `Run       ${r.id}`,
    `Name      ${r.name}`,
    `Kind      ${r.kind}`,
    `Status    ${r.status}${r.slurm?.waiting ? ` — ${r.slurm.waiting}` : ''}${r.error ? ` — ${r.error}` : ''}`,
    `Executor  ${r.executor}`,
    ...(r.slurm ? [`Slurm job ${slurmJobLine(r.slurm)}`] : []),
    `Dataset   ${r.datasetId}`,
    `Model     ${r.config.model}  (epochs ${r.config.epochs}, batch ${r.config.batchSize}, lr ${r.config.optimizer.learningRate}, seed ${r.seed})`,
    `Backend   ${r.backend ?? '–'}${r.backendReason ? ` (${r.backendReason})` : ''}`,
    `Created   ${r.createdAt}`,
    `Duration  ${duration(r)}`,
  ];
  for (const [i, t] of r.config.terms.entries()) {
    const taps = t.teacherTap ? (t.teacherTap === t.studentTap ? `[${t.teacherTap}]` : `[${t.teacherTap}→${t.studentTap}]`) : '';
    const options = Object.entries(t.options ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    lines.push(`${i === 0 ? 'Terms    ' : '         '} ${t.weight} · ${t.method}${taps}${options ? ` (${options})` : ''}`);
  }
  if (r.kind === 'distill') {
    const all = await services.invoke('runs:list', { limit: 1000 });
    const runs = all.ok ? all.value : [];
    const baseline = findBaseline(r, runs);
    const accs = new Map<string, number | null>();
    for (const id of [r.teacherRunId, baseline?.id]) {
      if (!id) continue;
      const d = await services.invoke('runs:get', { id });
      accs.set(id, d.ok ? (d.value.summary.find((x) => x.key === METRIC.valAcc)?.last ?? null) : null);
    }
    accs.set(r.id, r.summary.find((x) => x.key === METRIC.valAcc)?.last ?? null);
    const g = runGap(r, runs, (id) => accs.get(id) ?? null);
    lines.push(
      g
        ? `Gap       ${(100 * g.gap).toFixed(1)} % of the teacher–baseline gap recovered (baseline ${g.baseline.name}, ${g.baseline.id.slice(0, 8)})`
        : 'Gap       – (needs a completed baseline: the same model trained alone on this dataset, and a teacher accuracy)',
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
  if (r.summary.length) {
    const rows = r.summary.map((s) => [s.key, s.last.toPrecision(5), s.min.toPrecision(5), s.max.toPrecision(5), s.count]);
    process.stdout.write('\n' + table(['METRIC', 'LAST', 'MIN', 'MAX', 'POINTS'], rows) + '\n');
  }
  return 0;
}
