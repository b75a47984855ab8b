// `distill-studio runs compare A B … [--format md|csv|latex|json] [--baseline REF]`: the runs
// named (ids, unique prefixes, names or `group:` tags of seed groups) as one table, a seed group
// as one entry with mean ± std (src-main/cli/compare-table.ts). The baseline is the one given,
// else the first entry trained without a teacher.
import type { StudioServices } from '../../services/studio-services';
import { METRIC } from '../../../shared/metric-keys';
import type { RunRecord } from '../../../shared/types';
import { compareCsv, compareEntries, compareLatex, compareMarkdown, type CompareRun } from '../compare-table';
import { CliError, failWith, printJson } from '../output';
import { resolveRunId } from './listings';

const FORMATS = ['md', 'csv', 'latex', 'json'] as const;
type Format = (typeof FORMATS)[number];

const groupOf = (r: RunRecord) => r.tags.find((t) => t.startsWith('group:')) ?? null;
const methodOf = (r: RunRecord) =>
  r.config.terms
    .map((t) => t.method)
    .filter((m) => m !== 'ce')
    .join('+') || 'ce';

/** The runs a reference names: a seed group's members for `group:…`, else the one run. */
async function runsOf(services: StudioServices, all: readonly RunRecord[], ref: string): Promise<RunRecord[]> {
  if (ref.startsWith('group:')) {
    const members = all.filter((r) => r.tags.includes(ref));
    if (!members.length) throw new CliError(`no run is tagged ${ref} (see \`distill-studio runs list\`)`, 2);
    return members;
  }
  const id = await resolveRunId(services, ref);
  return all.filter((r) => r.id === id);
}

export async function runsCompare(services: StudioServices, refs: string[], opts: { format?: string; baseline?: string }): Promise<number> {
  const format = (opts.format ?? 'md') as Format;
  if (!FORMATS.includes(format)) throw new CliError(`--format: expected ${FORMATS.join(', ')}, not '${opts.format}'`, 2);
  const list = await services.invoke('runs:list', { limit: 1000 });
  if (!list.ok) failWith(list.error);
  const all = list.value;
  const chosen: RunRecord[] = [];
  for (const ref of refs) for (const r of await runsOf(services, all, ref)) if (!chosen.some((c) => c.id === r.id)) chosen.push(r);
  const summaries = new Map<string, Record<string, { last: number; max: number }>>();
  const summaryOf = async (id: string) => {
    if (!summaries.has(id)) {
      const d = await services.invoke('runs:get', { id });
      summaries.set(id, d.ok ? Object.fromEntries(d.value.summary.map((s) => [s.key, { last: s.last, max: s.max }])) : {});
    }
    return summaries.get(id)!;
  };
  const rows: CompareRun[] = [];
  for (const r of chosen) {
    const s = await summaryOf(r.id);
    const teacher = r.teacherRunId ? (all.find((t) => t.id === r.teacherRunId) ?? null) : null;
    const ts = teacher ? await summaryOf(teacher.id) : null;
    rows.push({
      id: r.id,
      name: r.name,
      seed: r.seed,
      group: groupOf(r),
      method: methodOf(r),
      teacher: teacher?.name ?? (r.config.teacherModelPath ? 'imported' : null),
      model: r.config.model,
      valAcc: s[METRIC.valAcc]?.last ?? null,
      bestValAcc: s[METRIC.valAcc]?.max ?? null,
      testAcc: s[METRIC.testAcc]?.last ?? null,
      teacherAcc: ts ? (ts[METRIC.testAcc]?.last ?? ts[METRIC.valAcc]?.last ?? null) : null,
    });
  }
  let baselineKey: string | null = null;
  if (opts.baseline) {
    const base = await runsOf(services, all, opts.baseline);
    baselineKey = opts.baseline.startsWith('group:') ? opts.baseline : (groupOf(base[0]!) ?? base[0]!.id);
    if (!rows.some((r) => (r.group ?? r.id) === baselineKey)) throw new CliError(`--baseline ${opts.baseline} is not among the runs compared; list it too`, 2);
  } else {
    const plain = chosen.find((r) => r.config.terms.length === 0 && r.kind === 'student');
    baselineKey = plain ? (groupOf(plain) ?? plain.id) : null;
  }
  const entries = compareEntries(rows, baselineKey);
  if (format === 'json') printJson({ baseline: baselineKey, entries });
  else if (format === 'csv') process.stdout.write(compareCsv(entries, baselineKey));
  else if (format === 'latex') process.stdout.write(compareLatex(entries, baselineKey));
  else process.stdout.write(compareMarkdown(entries, baselineKey));
  return 0;
}
