// Confusion matrices: row-normalised (each true class sums to 1), the difference of two runs,
// and cell colours for the heat map (intensity of the accent colour, or green/red for a diff).

/** Each row divided by its sum (rows with no samples stay 0). */
export function normalizeRows(matrix: readonly (readonly number[])[]): number[][] {
  return matrix.map((row) => {
    const sum = row.reduce((s, v) => s + v, 0);
    return row.map((v) => (sum > 0 ? v / sum : 0));
  });
}

/** b − a after row normalisation (the sizes must match); positive on the diagonal = b is better. */
export function confusionDiff(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  if (a.length !== b.length) throw new Error(`the runs have different numbers of classes (${a.length} vs ${b.length})`);
  const na = normalizeRows(a);
  const nb = normalizeRows(b);
  return nb.map((row, i) => row.map((v, j) => v - (na[i]?.[j] ?? 0)));
}

export type CellStyle = {
  background: string;
  color: string;
};

/** Accent with opacity ∝ value (0..1 of the row); light text on dark cells. */
export function heatCell(value: number): CellStyle {
  const v = Math.min(1, Math.max(0, value));
  const pct = Math.round(v * 100);
  return {
    background: `color-mix(in srgb, var(--accent) ${pct}%, transparent)`,
    color: v > 0.55 ? '#fff' : 'var(--text)',
  };
}

/**
 * Diff cells: on the diagonal more is better (green), off it more is worse (red); `scale` is the
 * largest |value| shown, so the strongest change is fully saturated.
 */
export function diffCell(value: number, diagonal: boolean, scale: number): CellStyle {
  const s = scale > 0 ? Math.min(1, Math.abs(value) / scale) : 0;
  const good = diagonal ? value > 0 : value < 0;
  const pct = Math.round(s * 85);
  return {
    background: value === 0 ? 'transparent' : `color-mix(in srgb, var(${good ? '--success' : '--danger'}) ${pct}%, transparent)`,
    color: s > 0.6 ? '#fff' : 'var(--text)',
  };
}
