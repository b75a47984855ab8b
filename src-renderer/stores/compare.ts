// The comparison: 2–10 runs (or whole seed groups), their decimated series for the keys on
// screen (runs:series with maxPoints: the server applies LTTB, so 10 × 10,000 points arrive as
// 10 × 1,000), their details (config, summary) and the metric keys they share.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { MultiSeries, RunRow } from '../../shared/history-types';
import type { RunDetail } from '../../shared/types';
import { api } from '../api/client';
import { useRunsStore } from './runs';
import { METRIC } from '../../shared/metric-keys';

export const MAX_COMPARE = 10;
/** Points per series the charts ask for (about one per horizontal pixel of a wide chart). */
export const COMPARE_MAX_POINTS = 1000;

export const useCompareStore = defineStore('compare', () => {
  const runs = useRunsStore();
  const ids = ref<string[]>([]);
  const series = shallowRef<MultiSeries>({});
  const seriesKeys = ref<string[]>([]);
  const seriesRevision = ref(0);
  const seriesError = ref<string | null>(null);
  const metricKeys = ref<string[]>([]);
  const loading = ref(false);
  let generation = 0;

  const details = computed(() => ids.value.map((id) => runs.details[id]).filter((d): d is RunDetail => !!d));
  const missing = computed(() => ids.value.filter((id) => runs.detailErrors[id]).map((id) => ({ id, error: runs.detailErrors[id]! })));

  /** Compare these runs; the series of `keys` are requested first (they take longest). */
  async function setIds(next: string[], seriesFirst: string[] = []): Promise<void> {
    const unique = [...new Set(next)].slice(0, MAX_COMPARE);
    if (unique.join('\n') === ids.value.join('\n')) return;
    ids.value = unique;
    series.value = {};
    seriesKeys.value = [];
    seriesRevision.value++; // charts (and their "drawn" state) start over
    metricKeys.value = [];
    if (unique.length === 0) return;
    if (seriesFirst.length) void loadSeries(seriesFirst);
    loading.value = true;
    await Promise.all(unique.map((id) => runs.loadDetail(id)));
    const keys = await api.invoke('runs:metricKeys', { ids: unique });
    if (keys.ok) metricKeys.value = keys.value;
    loading.value = false;
  }

  /** Fetch (decimated) series of every compared run for these keys; keys already loaded are kept. */
  async function loadSeries(keys: string[]): Promise<void> {
    const wanted = keys.filter((k) => !seriesKeys.value.includes(k));
    if (wanted.length === 0 || ids.value.length === 0) return;
    const gen = ++generation;
    const res = await api.invoke('runs:series', { ids: ids.value, keys: wanted, maxPoints: COMPARE_MAX_POINTS });
    if (gen !== generation) return;
    if (!res.ok) {
      seriesError.value = res.error.message;
      return;
    }
    seriesError.value = null;
    const merged: MultiSeries = { ...series.value };
    for (const [runId, s] of Object.entries(res.value)) merged[runId] = { ...(merged[runId] ?? {}), ...s };
    series.value = merged;
    seriesKeys.value = [...seriesKeys.value, ...wanted];
    seriesRevision.value++;
  }

  /** Runs of a seed group (tag group:<id>), to add the whole group to the comparison. */
  async function groupMembers(groupTagValue: string): Promise<string[]> {
    const res = await api.invoke('runs:query', { tag: groupTagValue, limit: MAX_COMPARE, sort: { by: 'created', dir: 'asc' } });
    return res.ok ? res.value.rows.map((r) => r.id) : [];
  }

  /** Runs to add to the comparison, by name (newest first). */
  async function search(text: string): Promise<RunRow[]> {
    const res = await api.invoke('runs:query', { ...(text.trim() ? { search: text.trim() } : {}), limit: 20, columns: [{ key: METRIC.valAcc, agg: 'best' }] });
    return res.ok ? res.value.rows : [];
  }

  return { search, ids, series, seriesKeys, seriesRevision, seriesError, metricKeys, loading, details, missing, setIds, loadSeries, groupMembers };
});
