// Import progress with an ETA: importers report a fraction of their own work; the tracker maps
// it into the phase's share of the whole import, keeps it monotonic, estimates the time left
// from the elapsed time, and throttles updates (at most one per `minIntervalMs`, phase changes
// and the final update always go out).
import type { DatasetImportPhase } from '../../shared/types';

export interface ProgressUpdate {
  phase: DatasetImportPhase;
  fraction: number; // 0..1 of the whole import
  etaSeconds: number | null;
  elapsedSeconds: number;
  message: string;
}

/** What an importer reports into: a fraction of its own work (0..1) and what it is doing. */
export type ProgressSink = (fraction: number, message: string) => void;

export interface TrackerOptions {
  now?: () => number; // ms
  minIntervalMs?: number;
}

export class ProgressTracker {
  private readonly now: () => number;
  private readonly minInterval: number;
  private readonly started: number;
  private fraction = 0;
  private phase: DatasetImportPhase | null = null;
  private lastSent = -Infinity;

  constructor(
    private readonly emit: (u: ProgressUpdate) => void,
    opts: TrackerOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.minInterval = opts.minIntervalMs ?? 100;
    this.started = this.now();
  }

  report(phase: DatasetImportPhase, fraction: number, message: string): void {
    const f = Math.min(1, Math.max(this.fraction, Number.isFinite(fraction) ? fraction : 0));
    this.fraction = f;
    const t = this.now();
    if (phase === this.phase && t - this.lastSent < this.minInterval) return;
    this.phase = phase;
    this.lastSent = t;
    const elapsed = (t - this.started) / 1000;
    // Too early an estimate swings wildly: wait for 2 % of the work and half a second.
    const eta = f >= 0.02 && elapsed >= 0.5 && f < 1 ? (elapsed * (1 - f)) / f : f >= 1 ? 0 : null;
    this.emit({ phase, fraction: f, etaSeconds: eta, elapsedSeconds: elapsed, message });
  }

  /** A sink for one phase that covers [from, to] of the whole import. */
  range(phase: DatasetImportPhase, from: number, to: number): ProgressSink {
    return (fraction, message) => this.report(phase, from + (to - from) * Math.min(1, Math.max(0, fraction)), message);
  }

  /** The last update: always sent, with the fraction at 1 only when the import succeeded. */
  finish(phase: 'done' | 'failed' | 'cancelled', message: string): void {
    if (phase === 'done') this.fraction = 1;
    this.phase = null;
    this.report(phase, this.fraction, message);
  }
}
