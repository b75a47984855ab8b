// When the threaded gemm stops splitting products (backends/wasm/busy-backoff.ts): three slow
// splits in a row pause splitting for 256 products, then it is tried again; a fast split in
// between resets the count; helpers that keep up never pause it.
import { describe, expect, it } from 'vitest';
import { BusyBackoff } from '../../../src-main/backends/wasm/busy-backoff';

const splits = (b: BusyBackoff, n: number) => Array.from({ length: n }, () => b.shouldSplit()).filter(Boolean).length;

describe('BusyBackoff', () => {
  it('keeps splitting while the helpers finish with the caller', () => {
    const b = new BusyBackoff();
    for (let i = 0; i < 1000; i++) {
      expect(b.shouldSplit()).toBe(true);
      b.record(2, 0.3); // the helper's band ends 0.3 ms after the caller's 2 ms band
    }
    expect(b.skipped).toBe(0);
  });

  it('pauses after three slow splits in a row, for 256 products, then splits again', () => {
    const b = new BusyBackoff();
    b.record(2, 5);
    b.record(2, 5);
    expect(b.shouldSplit()).toBe(true);
    b.record(2, 5);
    expect(splits(b, 256)).toBe(0);
    expect(b.skipped).toBe(256);
    expect(b.shouldSplit()).toBe(true);
  });

  it('forgets slow splits that a fast one interrupts', () => {
    const b = new BusyBackoff();
    b.record(2, 5);
    b.record(2, 5);
    b.record(2, 0.1);
    b.record(2, 5);
    b.record(2, 5);
    expect(b.shouldSplit()).toBe(true);
    expect(b.skipped).toBe(0);
  });

  it('does not count short products’ scheduling jitter as busy', () => {
    const b = new BusyBackoff();
    for (let i = 0; i < 10; i++) b.record(0.05, 0.15); // within the 0.2 ms slack
    expect(b.shouldSplit()).toBe(true);
  });
});
