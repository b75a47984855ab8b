// Statistics recorded at import: per-channel mean/std (in [0, 1] pixel units) and class counts.
// Pixels are counted into one 256-bin histogram per channel, so the pass over a large split is
// integer increments only and the result does not depend on how the data was chunked.

/** Accumulates per-channel byte histograms over interleaved [.., C] uint8 pixels. */
export class ChannelHistogram {
  private readonly bins: Float64Array[];

  constructor(readonly channels: number) {
    this.bins = Array.from({ length: channels }, () => new Float64Array(256));
  }

  /** Adds whole pixels: `pixels.length` must be a multiple of the channel count. */
  add(pixels: Uint8Array): void {
    const c = this.channels;
    for (let ch = 0; ch < c; ch++) {
      const bin = this.bins[ch]!;
      for (let i = ch; i < pixels.length; i += c) bin[pixels[i]!]!++;
    }
  }

  /** Mean and (population) std per channel; std is floored at 1e-6 so normalising never divides by 0. */
  stats(): { mean: number[]; std: number[] } {
    const mean: number[] = [];
    const std: number[] = [];
    for (const bin of this.bins) {
      let n = 0;
      let sum = 0;
      let sumSq = 0;
      for (let v = 0; v < 256; v++) {
        const k = bin[v]!;
        const x = v / 255;
        n += k;
        sum += k * x;
        sumSq += k * x * x;
      }
      const m = n > 0 ? sum / n : 0;
      mean.push(m);
      std.push(Math.sqrt(Math.max(n > 0 ? sumSq / n - m * m : 0, 1e-12)));
    }
    return { mean, std };
  }
}

/** Per-channel mean/std over all pixels of a split (values scaled to [0, 1]). */
export function channelStats(images: Uint8Array, channels: number): { mean: number[]; std: number[] } {
  const h = new ChannelHistogram(channels);
  h.add(images);
  return h.stats();
}

export function classCounts(labels: Uint8Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
  return counts;
}
