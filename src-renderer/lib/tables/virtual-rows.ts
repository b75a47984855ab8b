// Virtual scrolling arithmetic for fixed-height rows: which rows are on screen (plus a margin),
// where they sit, and which server pages hold them. Pure, so it is tested without a DOM.

export interface RowWindow {
  start: number; // first row to render (inclusive)
  end: number; // last row to render (exclusive)
  offsetTop: number; // px from the top of the full list to the first rendered row
  totalHeight: number;
}

export function visibleRows(opts: { scrollTop: number; viewportHeight: number; rowHeight: number; total: number; overscan?: number }): RowWindow {
  const { rowHeight, total } = opts;
  const overscan = opts.overscan ?? 6;
  const first = Math.floor(Math.max(0, opts.scrollTop) / rowHeight);
  const count = Math.ceil(Math.max(0, opts.viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(total, first - overscan));
  const end = Math.max(start, Math.min(total, first + count + overscan));
  return { start, end, offsetTop: start * rowHeight, totalHeight: total * rowHeight };
}

/** Page numbers (0-based, `pageSize` rows each) covering rows [start, end). */
export function pagesFor(start: number, end: number, pageSize: number): number[] {
  if (end <= start) return [];
  const first = Math.floor(start / pageSize);
  const last = Math.floor((end - 1) / pageSize);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
