// Runs: the recent list, per-run details (summary metrics), live progress, and every action on a
// run (start, start a seed group, sweep, cancel, resume, rename/notes/tags, archive, delete).
// Status and progress events keep everything current without polling; `changes` counts edits so
// lists elsewhere (history, queue) know to refetch.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { RequestInput } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { RunConfigInput } from '../../shared/schemas/run-config';
import type { TermProbe } from '../../shared/history-types';
import { TERMINAL_STATUSES, type RunDetail, type RunProgress, type RunRecord, type RunStatus } from '../../shared/types';
import { api } from '../api/client';
import { groupTag, newGroupId } from '../lib/tables/seed-groups';

export const isTerminal = (run: Pick<RunRecord, 'status'>): boolean => TERMINAL_STATUSES.includes(run.status);

/** A status change as it arrived, for notifications. */
export interface StatusChange {
  runId: string;
  name: string;
  status: RunStatus;
  error: string | null;
  seq: number;
}

export const useRunsStore = defineStore('runs', () => {
  const list = ref<RunRecord[]>([]);
  const listLoaded = ref(false);
  const listError = ref<string | null>(null);
  const details = ref<Record<string, RunDetail>>({});
  const detailErrors = ref<Record<string, string>>({});
  const progress = ref<Record<string, RunProgress>>({});
  const changes = ref(0);
  const lastChange = shallowRef<StatusChange | null>(null);
  const detailRequests = new Map<string, Promise<RunDetail | null>>();
  let seq = 0;

  async function loadList(): Promise<void> {
    const res = await api.invoke('runs:list', { limit: 50 });
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
    if (res.ok) {
      upsert(res.value, true);
      changes.value++;
    }
    return res;
  }

  /**
   * One run per seed, tagged `group:<id>` and named "<name> · seed <s>", so they compare as a
   * group. Stops at the first failure and returns what was started with that error.
   */
  async function startGroup(config: RunConfigInput, seeds: number[]): Promise<{ runs: RunRecord[]; error: string | null }> {
    if (seeds.length <= 1) {
      const res = await start({ ...config, seed: seeds[0] ?? config.seed });
      return res.ok ? { runs: [res.value], error: null } : { runs: [], error: res.error.message };
    }
    const tag = groupTag(newGroupId());
    const base = config.name ?? `${config.kind ?? 'run'} ${config.model}`;
    const started: RunRecord[] = [];
    for (const seed of seeds) {
      const res = await start({ ...config, seed, name: `${base} · seed ${seed}`, tags: [...(config.tags ?? []), tag] });
      if (!res.ok) return { runs: started, error: res.error.message };
      started.push(res.value);
    }
    return { runs: started, error: null };
  }

  async function sweep(input: RequestInput<'runs:sweep'>): Promise<Result<RunRecord[]>> {
    const res = await api.invoke('runs:sweep', input);
    if (res.ok) {
      for (const r of res.value) upsert(r, true);
      changes.value++;
    }
    return res;
  }

  /** Each term's share of the loss when this distill config would start (nothing is stored). */
  async function probe(config: RequestInput<'runs:probe'>): Promise<Result<TermProbe>> {
    return api.invoke('runs:probe', config);
  }

  async function cancel(id: string): Promise<Result<RunRecord>> {
    return track(await api.invoke('runs:cancel', { id }));
  }

  async function resume(id: string): Promise<Result<RunRecord>> {
    return track(await api.invoke('runs:resume', { id }));
  }

  async function update(input: RequestInput<'runs:update'>): Promise<Result<RunRecord>> {
    return track(await api.invoke('runs:update', input));
  }

  async function archive(ids: string[], archived: boolean): Promise<Result<{ changed: number }>> {
    const res = await api.invoke('runs:archive', { ids, archived });
    if (res.ok) changes.value++;
    return res;
  }

  async function remove(ids: string[]): Promise<Result<{ deleted: number }>> {
    const res = await api.invoke('runs:delete', { ids });
    if (res.ok) {
      const gone = new Set(ids);
      list.value = list.value.filter((r) => !gone.has(r.id));
      for (const id of ids) delete details.value[id];
      changes.value++;
    }
    return res;
  }

  function track(res: Result<RunRecord>): Result<RunRecord> {
    if (res.ok) {
      upsert(res.value, false);
      changes.value++;
    }
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

  api.on('run:status', ({ run, status, error }) => {
    upsert(run, true);
    lastChange.value = { runId: run.id, name: run.name, status, error, seq: ++seq };
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
    changes.value++;
  }

  return {
    list,
    listLoaded,
    listError,
    details,
    detailErrors,
    progress,
    changes,
    lastChange,
    loadList,
    loadDetail,
    loadSummaries,
    start,
    startGroup,
    sweep,
    probe,
    cancel,
    resume,
    update,
    archive,
    remove,
    refresh,
  };
});

/** Strip detail-only fields so list rows stay plain records. */
function toRecord(run: RunRecord | RunDetail): RunRecord {
  if (!('summary' in run)) return run;
  const { summary: _summary, progress: _progress, ...record } = run;
  return record;
}
