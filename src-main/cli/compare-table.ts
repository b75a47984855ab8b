// `runs compare`: runs (a seed group collapses into one entry) as a table a paper can take, in
// Markdown (GFM), CSV or LaTeX (a `tabular` with escaped cells). Numbers are accuracies in %:
// mean ± sample std over the seeds, and the difference from the baseline entry, paired seed by
// seed when both were run on the same seeds (otherwise the difference of the means).
import { meanStd, pairedDifference, type MeanStd } from '../../shared/stats';

export interface CompareRun {
  id: string;
  name: string;
  seed: number;
  /** The seed group tag (`group:…`), or null for a run on its own. */
  group: string | null;
  method: string;
  teacher: string | null;
  model: string;
  /** Final validation accuracy, best validation accuracy, test accuracy (null if not scored). */
  valAcc: number | null;
  bestValAcc: number | null;
  testAcc: number | null;
  /** Accuracy of its teacher run (same basis), for the gap recovered. */
  teacherAcc: number | null;
}

export interface CompareEntry {
  key: string;
  name: string;
  method: string;
  teacher: string | null;
  model: string;
  runs: CompareRun[];
  valAcc: MeanStd | null;
  bestValAcc: MeanStd | null;
  testAcc: MeanStd | null;
  /** The entry's accuracy (test when every run has one, else final validation) minus the baseline's. */
  delta: MeanStd | null;
  paired: boolean;
  gapRecovered: MeanStd | null;
}

const baseName = (name: string) => name.replace(/ · seed \d+$/, '');

/** Collapses runs into entries (by seed group), in the order first seen. */
export function compareEntries(runs: readonly CompareRun[], baselineKey: string | null): CompareEntry[] {
  const byKey = new Map<string, CompareRun[]>();
  for (const r of runs) {
    const key = r.group ?? r.id;
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const accOf = (rs: readonly CompareRun[]) => (rs.every((r) => r.testAcc !== null) ? rs.map((r) => r.testAcc) : rs.map((r) => r.valAcc));
  const base = baselineKey ? byKey.get(baselineKey) : undefined;
  return [...byKey].map(([key, rs]) => {
    const first = rs[0]!;
    let delta: MeanStd | null = null;
    let paired = false;
    if (base && key !== baselineKey) {
      const bySeed = new Map(base.map((b) => [b.seed, b]));
      paired = rs.length > 1 && rs.every((r) => bySeed.has(r.seed));
      const mine = accOf(rs);
      const theirs = accOf(base);
      if (paired)
        delta = pairedDifference(
          mine,
          rs.map((r) => accOf([bySeed.get(r.seed)!])[0]!),
        );
      else {
        const [a, b] = [meanStd(mine), meanStd(theirs)];
        delta = a && b ? { mean: a.mean - b.mean, std: Math.sqrt(a.std ** 2 + b.std ** 2), n: Math.min(a.n, b.n) } : null;
      }
    }
    const baseAcc = base ? (meanStd(accOf(base))?.mean ?? null) : null;
    const gaps =
      baseAcc === null
        ? []
        : rs.map((r, i) => {
            const acc = accOf(rs)[i];
            return acc !== null && acc !== undefined && r.teacherAcc !== null && r.teacherAcc - baseAcc > 1e-9
              ? (acc - baseAcc) / (r.teacherAcc - baseAcc)
              : null;
          });
    return {
      key,
      name: rs.length > 1 ? baseName(first.name) : first.name,
      method: first.method,
      teacher: first.teacher,
      model: first.model,
      runs: [...rs],
      valAcc: meanStd(rs.map((r) => r.valAcc)),
      bestValAcc: meanStd(rs.map((r) => r.bestValAcc)),
      testAcc: meanStd(rs.map((r) => r.testAcc)),
      delta,
      paired,
      gapRecovered: key === baselineKey ? null : meanStd(gaps),
    };
  });
}

const pct = (m: MeanStd | null, signed = false, pm = ' ± ') =>
  m ? `${signed && m.mean >= 0 ? '+' : ''}${(m.mean * 100).toFixed(2)}${m.n > 1 ? `${pm}${(m.std * 100).toFixed(2)}` : ''}` : '–';

const HEADERS = ['Run', 'n', 'Method', 'Teacher', 'Model', 'Val acc', 'Best val', 'Test acc', 'Δ vs baseline', 'Gap recovered'];

function cells(e: CompareEntry, baselineKey: string | null, pm: string): string[] {
  return [
    e.name,
    String(e.runs.length),
    e.method,
    e.teacher ?? '–',
    e.model,
    pct(e.valAcc, false, pm),
    pct(e.bestValAcc, false, pm),
    pct(e.testAcc, false, pm),
    e.key === baselineKey ? 'baseline' : `${pct(e.delta, true, pm)}${e.delta && e.paired ? ' (paired)' : ''}`,
    pct(e.gapRecovered, false, pm),
  ];
}

export function compareMarkdown(entries: readonly CompareEntry[], baselineKey: string | null): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const rows = entries.map((e) => `| ${cells(e, baselineKey, ' ± ').map(esc).join(' | ')} |`);
  return [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map((_, i) => (i >= 5 || i === 1 ? ' ---: ' : ' --- ')).join('|')}|`, ...rows].join('\n') + '\n';
}

export function compareCsv(entries: readonly CompareEntry[], baselineKey: string | null): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [HEADERS, ...entries.map((e) => cells(e, baselineKey, ' ± '))].map((r) => r.map(q).join(',')).join('\n') + '\n';
}

/** LaTeX special characters escaped for text cells (\\ _ % & # $ { } ~ ^). */
export function latexEscape(s: string): string {
  return s.replace(/[\\{}_%&#$~^]/g, (c) => ({ '\\': '\\textbackslash{}', '~': '\\textasciitilde{}', '^': '\\textasciicircum{}' })[c] ?? `\\${c}`);
}

export function compareLatex(entries: readonly CompareEntry[], baselineKey: string | null): string {
  const row = (cs: string[]) => `${cs.join(' & ')} \\\\`;
  const body = entries.map((e) => row(cells(e, baselineKey, ' ± ').map((c) => latexEscape(c).replace(/ ± /g, ' $\\pm$ ').replace(/Δ/g, '$\\Delta$'))));
  return (
    [
      `\\begin{tabular}{lrlll${'r'.repeat(5)}}`,
      '\\hline',
      row(HEADERS.map((h) => latexEscape(h).replace(/Δ/g, '$\\Delta$'))),
      '\\hline',
      ...body,
      '\\hline',
      '\\end{tabular}',
    ].join('\n') + '\n'
  );
}
