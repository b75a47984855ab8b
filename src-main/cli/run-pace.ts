// How fast a run trained and how good its ETA was, for the line `train` prints at the end:
// average img/s over the training steps (batch images over the summed step times, i.e. the
// harmonic mean of the per-step throughput, not its plain mean), and the ETA shown once 10 % of
// the steps were done against the time the rest actually took.

/** Progress at which the ETA is judged: early enough to matter, late enough to be settled. */
export const ETA_CHECK_FRACTION = 0.1;

export interface EtaCheck {
  atFraction: number;
  predictedSeconds: number;
  actualSeconds: number;
  /** (predicted − actual) / actual. */
  error: number;
}

export class PaceTracker {
  private eta: { at: number; fraction: number; predicted: number } | null = null;

  /** Feed every progress event (`now` in ms). */
  onProgress(fraction: number, etaSeconds: number | null, now: number): void {
    if (this.eta || etaSeconds === null || fraction < ETA_CHECK_FRACTION) return;
    this.eta = { at: now, fraction, predicted: etaSeconds };
  }

  /** The ETA check once the run ended at `endedAt` (ms), or null if no ETA was seen early. */
  etaCheck(endedAt: number): EtaCheck | null {
    if (!this.eta) return null;
    const actual = (endedAt - this.eta.at) / 1000;
    if (actual <= 0) return null;
    return { atFraction: this.eta.fraction, predictedSeconds: this.eta.predicted, actualSeconds: actual, error: (this.eta.predicted - actual) / actual };
  }
}

/** Images per second over all steps from the per-step throughput series (equal batches). */
export function averageThroughput(perStep: readonly number[]): number | null {
  const finite = perStep.filter((v) => Number.isFinite(v) && v > 0);
  if (!finite.length) return null;
  return finite.length / finite.reduce((s, v) => s + 1 / v, 0);
}
