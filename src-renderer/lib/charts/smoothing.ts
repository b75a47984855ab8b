// Exponential moving average of a curve, debiased like TensorBoard's smoothing slider: early
// points are not pulled towards zero. weight 0 = raw, 0.99 = very smooth. Non-finite values pass
// through as NaN and do not disturb the average.

export function emaSmooth(values: readonly number[], weight: number): number[] {
  const w = Math.min(Math.max(Number.isFinite(weight) ? weight : 0, 0), 0.999);
  if (w === 0) return values.slice();
  const out = new Array<number>(values.length);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      out[i] = Number.NaN;
      continue;
    }
    last = last * w + (1 - w) * v;
    count++;
    out[i] = last / (1 - w ** count);
  }
  return out;
}

/** Smooth the y values of {x, y} points. */
export function emaSmoothPoints(points: readonly { x: number; y: number }[], weight: number): { x: number; y: number }[] {
  const ys = emaSmooth(
    points.map((p) => p.y),
    weight,
  );
  return points.map((p, i) => ({ x: p.x, y: ys[i]! }));
}
