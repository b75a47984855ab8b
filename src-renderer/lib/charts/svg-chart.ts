// A line chart as a standalone SVG document, written from the chart's data (not a canvas
// snapshot): vector output for papers. Axes with "nice" ticks, one path per series (gaps where a
// value is not finite), optional shaded bands (mean ± std), a legend. Pure string building.

export interface SvgSeries {
  label: string;
  color: string;
  points: readonly { x: number; y: number }[];
  /** 0..1; faded raw curves under smoothed ones use ~0.3. */
  opacity?: number;
  width?: number;
  band?: readonly { x: number; lower: number; upper: number }[];
  /** Left out of the legend (e.g. the faded raw twin of a smoothed curve). */
  hideInLegend?: boolean;
}

export interface SvgChartOptions {
  title?: string;
  width?: number;
  height?: number;
  xLabel?: string;
  percent?: boolean;
  background?: string;
  text?: string;
  grid?: string;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** About `count` round tick values covering [min, max] (1, 2, 2.5 or 5 × 10^k steps). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const fmt = (v: number) => String(Number(v.toFixed(2)));

function tickText(v: number, percent: boolean): string {
  if (percent) return `${Number((v * 100).toPrecision(4))}%`;
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(1);
  return String(Number(v.toPrecision(4)));
}

export function chartToSvg(series: readonly SvgSeries[], options: SvgChartOptions = {}): string {
  const W = options.width ?? 720;
  const H = options.height ?? 400;
  const text = options.text ?? '#333333';
  const grid = options.grid ?? '#e5e5e5';
  const legendItems = series.filter((s) => !s.hideInLegend);
  const legendRows = Math.ceil(legendItems.length / 4);
  const m = { left: 64, right: 20, top: options.title ? 36 : 16, bottom: 44 + legendRows * 18 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;

  let xmin = Infinity,
    xmax = -Infinity,
    ymin = Infinity,
    ymax = -Infinity;
  const see = (x: number, y: number) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    xmin = Math.min(xmin, x);
    xmax = Math.max(xmax, x);
    ymin = Math.min(ymin, y);
    ymax = Math.max(ymax, y);
  };
  for (const s of series) {
    for (const p of s.points) see(p.x, p.y);
    for (const b of s.band ?? []) {
      see(b.x, b.lower);
      see(b.x, b.upper);
    }
  }
  if (!Number.isFinite(xmin)) {
    xmin = 0;
    xmax = 1;
    ymin = 0;
    ymax = 1;
  }
  if (xmin === xmax) xmax = xmin + 1;
  if (ymin === ymax) {
    ymin -= 0.5;
    ymax += 0.5;
  }
  const yt = niceTicks(ymin, ymax, 5);
  const xt = niceTicks(xmin, xmax, 6);
  const X = (x: number) => m.left + ((x - xmin) / (xmax - xmin)) * pw;
  const Y = (y: number) => m.top + ph - ((y - ymin) / (ymax - ymin)) * ph;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
  );
  if (options.background) out.push(`<rect width="${W}" height="${H}" fill="${escapeXml(options.background)}"/>`);
  if (options.title) out.push(`<text x="${m.left}" y="20" font-size="13" font-weight="bold" fill="${text}">${escapeXml(options.title)}</text>`);
  for (const v of yt) {
    out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${fmt(Y(v))}" y2="${fmt(Y(v))}" stroke="${grid}"/>`);
    out.push(`<text x="${m.left - 6}" y="${fmt(Y(v) + 4)}" text-anchor="end" fill="${text}">${escapeXml(tickText(v, !!options.percent))}</text>`);
  }
  for (const v of xt) {
    out.push(`<line x1="${fmt(X(v))}" x2="${fmt(X(v))}" y1="${m.top}" y2="${m.top + ph}" stroke="${grid}"/>`);
    out.push(`<text x="${fmt(X(v))}" y="${m.top + ph + 16}" text-anchor="middle" fill="${text}">${escapeXml(tickText(v, false))}</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="${text}" stroke-opacity="0.4"/>`);
  if (options.xLabel) out.push(`<text x="${m.left + pw / 2}" y="${m.top + ph + 32}" text-anchor="middle" fill="${text}">${escapeXml(options.xLabel)}</text>`);

  for (const s of series) {
    if (s.band?.length) {
      const upper = s.band.map((b) => `${fmt(X(b.x))},${fmt(Y(b.upper))}`);
      const lower = [...s.band].reverse().map((b) => `${fmt(X(b.x))},${fmt(Y(b.lower))}`);
      out.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${escapeXml(s.color)}" fill-opacity="0.18" stroke="none"/>`);
    }
    const d: string[] = [];
    let pen = false;
    for (const p of s.points) {
      if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) {
        pen = false;
        continue;
      }
      d.push(`${pen ? 'L' : 'M'}${fmt(X(p.x))} ${fmt(Y(p.y))}`);
      pen = true;
    }
    if (d.length) {
      out.push(
        `<path d="${d.join(' ')}" fill="none" stroke="${escapeXml(s.color)}" stroke-width="${s.width ?? 1.5}" stroke-opacity="${s.opacity ?? 1}" stroke-linejoin="round"><title>${escapeXml(s.label)}</title></path>`,
      );
    }
  }
  legendItems.forEach((s, i) => {
    const x = m.left + (i % 4) * (pw / 4);
    const y = H - legendRows * 18 + Math.floor(i / 4) * 18 - 4;
    out.push(`<line x1="${fmt(x)}" x2="${fmt(x + 16)}" y1="${y - 4}" y2="${y - 4}" stroke="${escapeXml(s.color)}" stroke-width="2"/>`);
    out.push(`<text x="${fmt(x + 22)}" y="${y}" fill="${text}">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
