// Pure display formatting: durations, sizes, counts, progress lines. No Vue, no DOM.
import type { RunProgress, RunRecord } from '../../shared/types';

/** 45 → "45s", 80 → "1m 20s", 7380 → "2h 03m". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 1) return '<1s';
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m % 60).padStart(2, '0')}m`;
}

/** "epoch 2/5 · 43% · ETA 1m 20s · 512 img/s" */
export function formatProgressLine(p: RunProgress): string {
  const parts = [
    `epoch ${p.epoch}/${p.epochs}`,
    `${Math.floor(clamp01(p.fraction) * 100)}%`,
    `ETA ${p.etaSeconds === null ? '…' : formatDuration(p.etaSeconds)}`,
  ];
  if (p.imagesPerSec !== null && Number.isFinite(p.imagesPerSec)) {
    parts.push(`${formatRate(p.imagesPerSec)} img/s`);
  }
  return parts.join(' · ');
}

/** The caption of an active run: why it waits outside the app, its progress line, or that it starts. */
export function formatRunCaption(p: RunProgress | null | undefined): string {
  if (p?.waiting) return p.waiting;
  return p && p.totalSteps > 0 ? formatProgressLine(p) : 'starting the training worker…';
}

export function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

function formatRate(r: number): string {
  if (r >= 100) return String(Math.round(r));
  if (r >= 10) return r.toFixed(1).replace(/\.0$/, '');
  return r.toFixed(2).replace(/0$/, '');
}

/** 1536 → "1.5 KB", 41_000_000 → "39.1 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** 10000 → "10,000". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—';
}

/** Parameter counts: 850 → "850", 75_210 → "75.2k", 11_200_000 → "11.2M". */
export function formatParams(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (n < 1_000) return String(n);
  if (n < 1_000_000) return `${(n / 1_000).toFixed(1)}k`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 2 : 1)}M`;
}

/** 0.9734 → "97.3%". */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** [28, 28, 1] (h, w, c) → "28×28×1". */
export function formatShape(shape: readonly number[]): string {
  return shape.join('×');
}

/** ISO timestamp → local "2025-11-28 14:03". */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Wall time of a run in seconds: finished runs are fixed, running ones count up to `nowMs`. */
export function runDurationSeconds(run: Pick<RunRecord, 'startedAt' | 'finishedAt'>, nowMs: number): number | null {
  if (!run.startedAt) return null;
  const start = Date.parse(run.startedAt);
  const end = run.finishedAt ? Date.parse(run.finishedAt) : nowMs;
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  return Math.max(0, (end - start) / 1000);
}

/** Multiply-accumulates: 12_500_000 → "12.5M MACs". */
export function formatMacs(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  if (n < 1e3) return `${n} MACs`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)}k MACs`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)}M MACs`;
  return `${(n / 1e9).toFixed(2)}G MACs`;
}

/** A metric value for tables: fractions of accuracy keys as percentages, others to 4 digits. */
export function formatMetric(key: string, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (/(acc|top5|agreement)/.test(key)) return formatPercent(v, 2);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}
