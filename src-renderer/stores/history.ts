// The runs history: a server-side query (filters, sort, metric columns) read page by page as the
// virtual table scrolls. Pages are cached per query; a new query (or an edit anywhere) drops them.
// Responses of an older query are ignored, so fast typing in the search box never shows stale rows.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { RequestInput } from '../../shared/contract';
import type { RunRow } from '../../shared/history-types';
import { api } from '../api/client';
import type { MetricColumn } from '../lib/charts/metric-keys';
import { useRunsStore } from './runs';
import { useSettingsStore } from './settings';

export const PAGE_SIZE = 100;

export interface HistoryFilters {
  search: string;
  status: string[];
  kind: string[];
  method: string[];
  kernel: string[];
  datasetId: string;
  tag: string;
  from: string;
  to: string;
  archived: boolean;
}

export interface HistorySort {
  by: 'created' | 'name' | 'status' | 'kind' | 'duration' | 'metric';
  metric?: MetricColumn;
  dir: 'asc' | 'desc';
}

export const emptyFilters = (): HistoryFilters => ({
  search: '',
  status: [],
  kind: [],
  method: [],
  kernel: [],
  datasetId: '',
  tag: '',
  from: '',
  to: '',
  archived: false,
});

export const useHistoryStore = defineStore('history', () => {
  const runs = useRunsStore();
  const settings = useSettingsStore();
  const filters = ref<HistoryFilters>(emptyFilters());
  const sort = ref<HistorySort>({ by: 'created', dir: 'desc' });
  const columns = computed<MetricColumn[]>(() => settings.historyColumns);
  const total = ref<number | null>(null);
  const pages = shallowRef(new Map<number, RunRow[]>());
  const loading = ref(false);
  const error = ref<string | null>(null);
  const metricKeys = ref<string[]>([]);
  const selected = ref<Set<string>>(new Set());
  /** Bumped whenever rows change, for the table to re-read them. */
  const revision = ref(0);
  let generation = 0;
  const inFlight = new Set<number>();

  function queryInput(offset: number, limit: number): RequestInput<'runs:query'> {
    const f = filters.value;
    const s = sort.value;
    return {
      ...(f.search.trim() ? { search: f.search.trim() } : {}),
      ...(f.status.length ? { status: f.status } : {}),
      ...(f.kind.length ? { kind: f.kind } : {}),
      ...(f.method.length ? { method: f.method } : {}),
      ...(f.kernel.length ? { kernel: f.kernel } : {}),
      ...(f.datasetId ? { datasetId: f.datasetId } : {}),
      ...(f.tag.trim() ? { tag: f.tag.trim() } : {}),
      ...(f.from ? { from: f.from } : {}),
      ...(f.to ? { to: endOfDay(f.to) } : {}),
      archived: f.archived,
      sort: s.by === 'metric' && s.metric ? { by: 'metric', metric: s.metric, dir: s.dir } : { by: s.by === 'metric' ? 'created' : s.by, dir: s.dir },
      columns: columns.value,
      offset,
      limit,
    };
  }

  async function loadPage(page: number): Promise<void> {
    if (pages.value.has(page) || inFlight.has(page)) return;
    const gen = generation;
    inFlight.add(page);
    loading.value = true;
    const res = await api.invoke('runs:query', queryInput(page * PAGE_SIZE, PAGE_SIZE));
    if (gen !== generation) return; // a newer query replaced this one
    inFlight.delete(page);
    loading.value = inFlight.size > 0;
    if (!res.ok) {
      error.value = res.error.message;
      return;
    }
    error.value = null;
    total.value = res.value.total;
    pages.value.set(page, res.value.rows);
    revision.value++;
  }

  /** Make sure the pages holding rows [start, end) are loaded (or loading). */
  let visiblePages: number[] = [0];
  function ensureRows(pageNumbers: number[]): void {
    visiblePages = pageNumbers.length ? pageNumbers : [0];
    for (const p of pageNumbers) void loadPage(p);
  }

  function rowAt(index: number): RunRow | null {
    return pages.value.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE] ?? null;
  }

  /** Drop cached pages and load the first one again (filters, sort or columns changed). */
  function reset(): Promise<void> {
    generation++;
    inFlight.clear();
    pages.value = new Map();
    revision.value++;
    return loadPage(0);
  }

  /** Reload the pages on screen without dropping the current rows first (no flicker). */
  async function refresh(shown: number[] = [0]): Promise<void> {
    generation++;
    inFlight.clear();
    const gen = generation;
    const fresh = new Map<number, RunRow[]>();
    for (const p of shown) {
      const res = await api.invoke('runs:query', queryInput(p * PAGE_SIZE, PAGE_SIZE));
      if (gen !== generation) return;
      if (!res.ok) {
        error.value = res.error.message;
        return;
      }
      total.value = res.value.total;
      fresh.set(p, res.value.rows);
    }
    pages.value = fresh;
    revision.value++;
  }

  async function loadMetricKeys(): Promise<void> {
    const res = await api.invoke('runs:metricKeys', {});
    if (res.ok) metricKeys.value = res.value;
  }

  function setSort(by: HistorySort['by'], metric?: MetricColumn): void {
    const same = sort.value.by === by && (by !== 'metric' || (sort.value.metric?.key === metric?.key && sort.value.metric?.agg === metric?.agg));
    sort.value = { by, metric, dir: same && sort.value.dir === 'desc' ? 'asc' : 'desc' };
  }

  function toggleSelected(id: string, on?: boolean): void {
    const next = new Set(selected.value);
    if (on ?? !next.has(id)) next.add(id);
    else next.delete(id);
    selected.value = next;
  }

  function clearSelection(): void {
    selected.value = new Set();
  }

  /** Rows of the selected runs that are loaded (for actions that need their records). */
  const selectedRows = computed(() => {
    void revision.value;
    const out: RunRow[] = [];
    for (const page of pages.value.values()) for (const r of page) if (selected.value.has(r.id)) out.push(r);
    return out;
  });

  /** True while the Runs screen shows the table; only then do edits elsewhere trigger refetches. */
  const active = ref(false);
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  function refreshSoon(): void {
    if (!active.value || !pages.value.size) return;
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void refresh(visiblePages), 250);
  }

  watch([filters, sort, columns], () => void reset(), { deep: true });
  // edits anywhere (rename, archive, delete, new runs) and status changes: refetch what is shown
  watch(() => runs.changes, refreshSoon);
  watch(() => runs.lastChange, refreshSoon);

  return {
    active,
    filters,
    sort,
    columns,
    total,
    pages,
    loading,
    error,
    metricKeys,
    selected,
    selectedRows,
    revision,
    ensureRows,
    rowAt,
    reset,
    refresh,
    loadMetricKeys,
    setSort,
    toggleSelected,
    clearSelection,
  };
});

/** A date filter "2025-01-31" includes the whole day. */
function endOfDay(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T23:59:59.999Z` : date;
}
