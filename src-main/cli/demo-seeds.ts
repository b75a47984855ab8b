// The demo over several seeds: one table per seed (teacher, baseline, KD, NST-poly, KD+NST), then
// per row the mean ± sample std of the validation accuracy, and for the distilled rows the paired
// difference against the baseline trained on the same seed (mean ± std of acc − baseline), which
// is what says whether distillation helped by more than the seeds' spread. When the dataset has a
// test split the same two figures are given on it (validation picks, test reports).
import { meanStd, pairedDifference, type MeanStd } from '../../shared/stats';
import type { DemoRow } from '../../shared/types';

export interface DemoSeedSummary {
  label: string;
  model: string;
  accuracy: MeanStd | null;
  /** Distilled rows: acc − baseline acc, seed by seed. */
  vsBaseline: MeanStd | null;
  /** The same on the test split; null without one. */
  testAccuracy: MeanStd | null;
  testVsBaseline: MeanStd | null;
  /** Mean of the per-seed gap recovered (distilled rows, seeds where the teacher beat the baseline). */
  gapRecovered: MeanStd | null;
  /** The paired difference is positive by more than its own spread (on test when there is one). */
  helps: boolean;
}

/** `tables[s]` is the demo table of seed s, rows in the demo's order. */
export function summarizeDemoSeeds(tables: readonly (readonly DemoRow[])[]): DemoSeedSummary[] {
  const first = tables[0] ?? [];
  const baseline = tables.map((t) => t[1]?.accuracy ?? null);
  const testBaseline = tables.map((t) => t[1]?.testAccuracy ?? null);
  return first.map((row, i) => {
    const accs = tables.map((t) => t[i]?.accuracy ?? null);
    const testAccs = tables.map((t) => t[i]?.testAccuracy ?? null);
    const distilled = i >= 2;
    const vs = distilled ? pairedDifference(accs, baseline) : null;
    const testVs = distilled ? pairedDifference(testAccs, testBaseline) : null;
    const reported = testVs ?? vs;
    return {
      label: row.label,
      model: row.model,
      accuracy: meanStd(accs),
      vsBaseline: vs,
      testAccuracy: meanStd(testAccs),
      testVsBaseline: testVs,
      gapRecovered: distilled ? meanStd(tables.map((t) => t[i]?.gapRecovered ?? null)) : null,
      helps: reported !== null && reported.n > 1 && reported.mean > reported.std,
    };
  });
}

/** "86.30 ± 0.56" in percent; "–" when missing. */
export function formatMeanStd(m: MeanStd | null, signed = false): string {
  if (!m) return '–';
  const mean = (m.mean * 100).toFixed(2);
  return `${signed && m.mean >= 0 ? '+' : ''}${mean} ± ${(m.std * 100).toFixed(2)}`;
}
