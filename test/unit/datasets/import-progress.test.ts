// Progress with an ETA, on a fake clock: phases map into their share of the import, the fraction
// never goes back, the ETA is elapsed × (1 − f) / f once there is enough to go on, updates are
// throttled within a phase, and the final update always goes out.
import { describe, expect, it } from 'vitest';
import { ProgressTracker, type ProgressUpdate } from '../../../src-main/datasets/import-progress';

function tracker(interval = 100) {
  let now = 0;
  const updates: ProgressUpdate[] = [];
  const t = new ProgressTracker((u) => updates.push(u), { now: () => now, minIntervalMs: interval });
  return { t, updates, advance: (ms: number) => (now += ms) };
}

describe('import progress', () => {
  it('estimates the time left from the elapsed time and the fraction done', () => {
    const { t, updates, advance } = tracker(0);
    const reading = t.range('reading', 0, 0.8);
    advance(200);
    reading(0.5, 'half read'); // 0.4 of the whole after 0.2 s: too early for an estimate
    expect(updates.at(-1)).toMatchObject({ phase: 'reading', fraction: 0.4, etaSeconds: null });
    advance(1800);
    reading(1, 'read'); // 0.8 after 2 s → 0.5 s left
    expect(updates.at(-1)!.fraction).toBeCloseTo(0.8, 12);
    expect(updates.at(-1)!.etaSeconds).toBeCloseTo(0.5, 12);
    expect(updates.at(-1)!.elapsedSeconds).toBe(2);
  });

  it('never lets the fraction go back and clamps it to [0, 1]', () => {
    const { t, updates } = tracker(0);
    t.report('reading', 0.5, 'a');
    t.report('writing', 0.3, 'b');
    t.report('writing', Number.NaN, 'c');
    t.range('writing', 0.9, 1)(7, 'd');
    expect(updates.map((u) => u.fraction)).toEqual([0.5, 0.5, 0.5, 1]);
  });

  it('throttles updates within a phase but sends phase changes and the end at once', () => {
    const { t, updates, advance } = tracker(100);
    t.report('reading', 0.1, 'a');
    advance(10);
    t.report('reading', 0.2, 'dropped');
    t.report('writing', 0.3, 'new phase');
    advance(10);
    t.finish('failed', 'boom');
    expect(updates.map((u) => [u.phase, u.message])).toEqual([
      ['reading', 'a'],
      ['writing', 'new phase'],
      ['failed', 'boom'],
    ]);
    expect(updates.at(-1)!.fraction).toBe(0.3);
  });
});
