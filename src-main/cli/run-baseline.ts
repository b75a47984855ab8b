// The baseline a distilled run is measured against in `runs list` and `runs show`: the same
// student model trained alone (kind student, no terms) on the same dataset, preferring the same
// seed, completed, newest first. With the teacher's accuracy it gives the share of the
// teacher–baseline gap the run recovered (shared/presets.ts gapRecovered).
import { gapRecovered } from '../../shared/presets';
import type { RunRecord } from '../../shared/types';

export function findBaseline(run: RunRecord, all: readonly RunRecord[]): RunRecord | null {
  if (run.kind !== 'distill') return null;
  const alone = all.filter(
    (r) =>
      r.id !== run.id &&
      r.status === 'completed' &&
      r.kind === 'student' &&
      r.config.terms.length === 0 &&
      r.config.model === run.config.model &&
      r.datasetId === run.datasetId,
  );
  const newest = (rs: RunRecord[]) => [...rs].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
  return newest(alone.filter((r) => r.seed === run.seed)) ?? newest(alone);
}

/** Share of the gap recovered, or null when the run, its teacher or its baseline has no accuracy. */
export function runGap(
  run: RunRecord,
  all: readonly RunRecord[],
  accOf: (id: string) => number | null | undefined,
): { gap: number; baseline: RunRecord } | null {
  const baseline = findBaseline(run, all);
  if (!baseline || !run.teacherRunId) return null;
  const [acc, base, teacher] = [accOf(run.id), accOf(baseline.id), accOf(run.teacherRunId)];
  if (typeof acc !== 'number' || typeof base !== 'number' || typeof teacher !== 'number') return null;
  const gap = gapRecovered(acc, base, teacher);
  return gap === null ? null : { gap, baseline };
}
