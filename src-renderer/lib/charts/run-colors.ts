// One fixed colour per compared run (Tableau 10: distinct, legible on light and dark grounds), so
// the same run keeps its colour in every chart, table and legend of a comparison.
export const RUN_PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#8f8f8f'] as const;

export function runColor(index: number): string {
  return RUN_PALETTE[((index % RUN_PALETTE.length) + RUN_PALETTE.length) % RUN_PALETTE.length]!;
}

/** '#4e79a7' + 0.25 → 'rgba(78, 121, 167, 0.25)' (bands and faded raw curves). */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return hex;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
