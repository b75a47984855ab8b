// When to stop splitting products over threads (gemm-threads.ts): a helper whose core is busy
// with another process finishes its band long after the caller finishes an equal one, and the
// caller sleeps meanwhile. After STRIKES such products in a row, the next PAUSE products run on
// the calling thread alone; then splitting is tried again, so the threads come back when the
// machine is free. Nothing spins: the caller only reads the clock around each split product.

/** Consecutive slow splits that mean "busy". */
const STRIKES = 3;
/** Products kept on the calling thread after that (a few training steps' worth). */
const PAUSE = 256;
/** A helper may lag the caller by this share of the caller's band time, plus SLACK_MS, before it counts. */
const LAG_SHARE = 0.5;
const SLACK_MS = 0.2;

export class BusyBackoff {
  private strikes = 0;
  private pausedFor = 0;
  /** Products run alone because of a pause, in all. */
  skipped = 0;

  /** Whether the next product should be split (false during a pause, which this call counts down). */
  shouldSplit(): boolean {
    if (this.pausedFor === 0) return true;
    this.pausedFor--;
    this.skipped++;
    return false;
  }

  /** One split product: the caller's band took `ownMs`, then it waited `waitMs` for the helpers. */
  record(ownMs: number, waitMs: number): void {
    if (waitMs > LAG_SHARE * ownMs + SLACK_MS) {
      this.strikes++;
      if (this.strikes >= STRIKES) {
        this.pausedFor = PAUSE;
        this.strikes = 0;
      }
    } else this.strikes = 0;
  }
}
