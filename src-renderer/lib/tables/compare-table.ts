// The comparison table: one row per run or seed group, one column per metric; groups show
// mean ± std; the best value of each column is marked (bold in the UI and in Markdown). The same
// table becomes CSV (separate std columns, raw numbers) and Markdown (what goes into a paper).
import { meanStd } from './stats';
import { toCsv, toMarkdown, type Cell } from './table-export';

export interface CompareColumn {
  id: string;
  label: string;
  higherIsBetter: boolean;
  percent: boolean;
}

export interface CompareEntry {
  id: string;
  label: string;
  /** Runs in the entry (1 for a single run, n for a seed group). */
  size: number;
  /** column id → one value per run of the entry. */
  values: Record<string, readonly (number | null)[]>;
}

export interface CompareCell {
  mean: number | null;
  std: number | null;
  n: number;
  text: string;
  best: boolean;
}

export interface CompareTable {
  columns: CompareColumn[];
  rows: { entry: CompareEntry; cells: CompareCell[] }[];
}

export function formatCompareValue(v: number, percent: boolean): string {
  return percent ? (v * 100).toFixed(2) : String(Number(v.toPrecision(4)));
}

function cellText(mean: number | null, std: number | null, n: number, percent: boolean): string {
  if (mean === null) return '—';
  const unit = percent ? '%' : '';
  if (n > 1 && std !== null) return `${formatCompareValue(mean, percent)} ± ${formatCompareValue(std, percent)}${unit}`;
  return `${formatCompareValue(mean, percent)}${unit}`;
}

export function buildCompareTable(entries: readonly CompareEntry[], columns: readonly CompareColumn[]): CompareTable {
  const rows = entries.map((entry) => ({
    entry,
    cells: columns.map((col): CompareCell => {
      const s = meanStd(entry.values[col.id] ?? []);
      return {
        mean: s?.mean ?? null,
        std: s && s.n > 1 ? s.std : null,
        n: s?.n ?? 0,
        text: cellText(s?.mean ?? null, s?.std ?? null, s?.n ?? 0, col.percent),
        best: false,
      };
    }),
  }));
  columns.forEach((col, c) => {
    const means = rows.map((r) => r.cells[c]!.mean).filter((v): v is number => v !== null);
    if (means.length < 2) return;
    const best = col.higherIsBetter ? Math.max(...means) : Math.min(...means);
    for (const r of rows) if (r.cells[c]!.mean === best) r.cells[c]!.best = true;
  });
  return { columns: [...columns], rows };
}

/** CSV: run, runs, then per column its value (percent columns as fractions) and, for groups, std. */
export function compareToCsv(table: CompareTable): string {
  const header = ['run', 'runs'];
  for (const c of table.columns) header.push(c.label, `${c.label} std`);
  const rows = table.rows.map((r) => {
    const out: Cell[] = [r.entry.label, r.entry.size];
    for (const cell of r.cells) out.push(cell.mean, cell.std);
    return out;
  });
  return toCsv(header, rows);
}

/** Markdown: the cells as shown (mean ± std, percentages), best values in bold. */
export function compareToMarkdown(table: CompareTable): string {
  const header = ['Run', ...table.columns.map((c) => (c.percent ? `${c.label} (%)` : c.label))];
  const rows = table.rows.map((r) => [
    r.entry.size > 1 ? `${r.entry.label} (n=${r.entry.size})` : r.entry.label,
    ...r.cells.map((c) => c.text.replace(/%$/, '').replace(/% /, ' ')),
  ]);
  const bold = table.rows.map((r) => [false, ...r.cells.map((c) => c.best)]);
  return toMarkdown(header, rows, { align: ['left', ...table.columns.map(() => 'right' as const)], bold });
}
