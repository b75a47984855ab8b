// Tables as text researchers paste elsewhere: CSV (RFC 4180) for spreadsheets and GitHub-flavoured
// Markdown for papers and notes. Pure: the caller decides where the text goes.

export type Cell = string | number | null | undefined;

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  return cell;
}

function csvField(cell: Cell): string {
  const text = cellText(cell);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header line plus one line per row, CRLF-free (\n), every field quoted when it needs to be. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

export interface MarkdownOptions {
  /** 'right' for numeric columns (index = column). */
  align?: readonly ('left' | 'right')[];
  /** bold[r][c]: wrap that cell in ** (the best value of a column). */
  bold?: readonly (readonly boolean[])[];
}

function mdCell(cell: Cell): string {
  return cellText(cell).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function toMarkdown(header: readonly string[], rows: readonly (readonly Cell[])[], options: MarkdownOptions = {}): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rule = header.map((_, c) => (options.align?.[c] === 'right' ? '---:' : '---'));
  const body = rows.map((row, r) =>
    line(
      header.map((_, c) => {
        const text = mdCell(row[c]);
        return options.bold?.[r]?.[c] && text !== '' ? `**${text}**` : text;
      }),
    ),
  );
  return [line(header.map(mdCell)), line(rule), ...body].join('\n') + '\n';
}
