// Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013, "Downsampling Time Series for
// Visual Representation", ch. 4.2): keeps the first and last point and, from each of
// `threshold − 2` equal buckets, the point forming the largest triangle with the point kept in
// the previous bucket and the average of the next bucket. Peaks and drops survive, so a 10,000
// point loss curve drawn from 1,000 points looks the same. O(n), no allocation beyond the output.
// One implementation for both sides: the server decimates runs:series, the charts decimate live data.

/** Indices of the points LTTB keeps (ascending). All indices when n ≤ threshold or threshold < 3. */
export function lttbIndices(xs: ArrayLike<number>, ys: ArrayLike<number>, threshold: number): number[] {
  const n = Math.min(xs.length, ys.length);
  if (threshold >= n || threshold < 3) return Array.from({ length: n }, (_, i) => i);
  const kept: number[] = [0];
  const every = (n - 2) / (threshold - 2); // bucket width over the inner points
  let a = 0; // index of the point kept last
  for (let i = 0; i < threshold - 2; i++) {
    // average of the next bucket (the last bucket's "next" is the final point)
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    const span = Math.max(nextEnd - nextStart, 1);
    if (nextStart >= n - 1 || nextEnd <= nextStart) {
      avgX = xs[n - 1]!;
      avgY = ys[n - 1]!;
    } else {
      for (let j = nextStart; j < nextEnd; j++) {
        avgX += xs[j]!;
        avgY += ys[j]!;
      }
      avgX /= span;
      avgY /= span;
    }
    // this bucket: pick the point with the largest triangle area (a, candidate, average)
    const start = Math.floor(i * every) + 1;
    const end = Math.min(Math.floor((i + 1) * every) + 1, n - 1);
    const ax = xs[a]!;
    const ay = ys[a]!;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const area = Math.abs((ax - avgX) * (ys[j]! - ay) - (ax - xs[j]!) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    kept.push(best);
    a = best;
  }
  kept.push(n - 1);
  return kept;
}
