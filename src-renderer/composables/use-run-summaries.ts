// Keep the summaries (best accuracy, …) of the finished runs a view shows loaded.
import { watch } from 'vue';
import type { RunRecord } from '../../shared/types';
import { isTerminal, useRunsStore } from '../stores/runs';

export function useRunSummaries(shown: () => readonly RunRecord[]): void {
  const runs = useRunsStore();
  watch(
    () =>
      shown()
        .filter(isTerminal)
        .map((r) => r.id)
        .join('\n'),
    (ids) => void runs.loadSummaries(ids ? ids.split('\n') : []),
    { immediate: true },
  );
}
