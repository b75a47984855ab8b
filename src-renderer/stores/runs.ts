// Runs: the list, per-run details (summary metrics), live progress, and the start/cancel
// actions. Status and progress events keep everything current without polling.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Result } from '../../shared/result';
import type { RunConfigInput } from '../../shared/schemas/run-config';
import { TERMINAL_STATUSES, type RunDetail, type RunProgress, type RunRecord } from '../../shared/types';
import { api } from '../api/client';

export const isTerminal = (run: Pick<RunRecord, 'status'>): boolean =>
  TERMINAL_STATUSES.includes(run.status);

export const useRunsStore = defineStore('runs', () => {
  const list = ref<RunRecord[]>([]);
  const listLoaded = ref(false);
  const listError = ref<string | null>(null);
  const details = ref<Record<string, RunDetail>>({});
  const detailErrors = ref<Record<string, string>>({});
  const progress = ref<Record<string, RunProgress>>({});
  const detailRequests = new Map<string, Promise<RunDetail | null>>();

  async function loadList(): Promise<void> {
    const res = await api.invoke('runs:list', {});
    if (res.ok) {
      list.value = res.value;
      listError.value = null;
    } else {
      listError.value = res.error.message;
    }
    listLoaded.value = true;
  }

  /** Fetch one run with its summary; concurrent calls for the same id share one request. */
  function loadDetail(id: string): Promise<RunDetail | null> {
    const existing = detailRequests.get(id);
    if (existing) return existing;
    const request = api.invoke('runs:get', { id }).then((res) => {
      detailRequests.delete(id);
      if (!res.ok) {
        detailErrors.value[id] = res.error.message;
        return null;
      }
      delete detailErrors.value[id];
      details.value[id] = res.value;
      if (res.value.progress && !isTerminal(res.value)) progress.value[id] = res.value.progress;
      upsert(res.value, false);
      return res.value;
    });
    detailRequests.set(id, request);
    return request;
  }

  /** Summaries for the table: finished runs never change, so each is fetched once. */
  async function loadSummaries(ids: string[]): Promise<void> {
    const missing = ids.filter((id) => !details.value[id]);
    for (const id of missing) await loadDetail(id); // one at a time: a calm load on the server
  }

  async function start(config: RunConfigInput): Promise<Result<RunRecord>> {
    const res = await api.invoke('runs:start', config);
    if (res.ok) upsert(res.value, true);
    return res;
  }

  async function cancel(id: string): Promise<Result<RunRecord>> {
    const res = await api.invoke('runs:cancel', { id });
    if (res.ok) upsert(res.value, false);
    return res;
  }

  function upsert(run: RunRecord, prepend: boolean): void {
    const record = toRecord(run);
    const i = list.value.findIndex((r) => r.id === run.id);
    if (i >= 0) list.value[i] = record;
    else if (prepend || listLoaded.value) list.value.unshift(record);
    const detail = details.value[run.id];
    if (detail) details.value[run.id] = { ...detail, ...record };
  }

  api.on('run:status', ({ run }) => {
    upsert(run, true);
    if (isTerminal(run)) {
      delete progress.value[run.id];
      // the final summary (best/last accuracy) is written when the run ends
      if (details.value[run.id]) void loadDetail(run.id);
    }
  });

  api.on('run:progress', (p) => {
    progress.value[p.runId] = p;
  });

  /** After a reconnect: everything may have changed while we were away. */
  async function refresh(): Promise<void> {
    await loadList();
    for (const id of Object.keys(details.value)) await loadDetail(id);
  }

  return {
    list,
    listLoaded,
    listError,
    details,
    detailErrors,
    progress,
    loadList,
    loadDetail,
    loadSummaries,
    start,
    cancel,
    refresh,
  };
});

/** Strip detail-only fields so list rows stay plain records. */
function toRecord(run: RunRecord | RunDetail): RunRecord {
  if (!('summary' in run)) return run;
  const { summary: _summary, progress: _progress, ...record } = run;
  return record;
}
