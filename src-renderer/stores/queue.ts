// The run queue: queued runs in the order they will start (queue:list, kept fresh by
// queue:changed), the runs training now, reordering, and the measured throughput per model that
// the ETA estimates use (remembered across sessions: it changes little between runs).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Result } from '../../shared/result';
import type { RunRecord } from '../../shared/types';
import { api } from '../api/client';
import { useRunsStore } from './runs';

const THROUGHPUT_KEY = 'distill-studio.throughput';

/** Throughput is per model and per kind (a distill step also runs the teacher forward). */
export const throughputKey = (run: Pick<RunRecord, 'kind' | 'config'>): string => `${run.config.model}${run.kind === 'distill' ? '+teacher' : ''}`;

function readThroughput(): Record<string, number> {
  try {
    return JSON.parse(window.localStorage.getItem(THROUGHPUT_KEY) ?? '{}') as Record<string, number>;
  } catch {
    return {};
  }
}

export const useQueueStore = defineStore('queue', () => {
  const runs = useRunsStore();
  const queued = ref<RunRecord[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const throughput = ref<Record<string, number>>(readThroughput());

  const running = computed(() => runs.list.filter((r) => r.status === 'running'));

  async function load(): Promise<void> {
    const [q] = await Promise.all([api.invoke('queue:list', {}), runs.loadList()]);
    if (q.ok) {
      queued.value = q.value;
      error.value = null;
    } else {
      error.value = q.error.message;
    }
    loaded.value = true;
  }

  async function reorder(ids: string[]): Promise<Result<RunRecord[]>> {
    const before = queued.value;
    const byId = new Map(before.map((r) => [r.id, r]));
    queued.value = ids.map((id) => byId.get(id)).filter((r): r is RunRecord => !!r); // optimistic
    const res = await api.invoke('queue:reorder', { ids });
    if (res.ok) queued.value = res.value;
    else queued.value = before;
    return res;
  }

  /** Images per second last measured for a run like this one (same model and kind), or overall. */
  function imagesPerSec(run: Pick<RunRecord, 'kind' | 'config'>): number | null {
    const exact = throughput.value[throughputKey(run)];
    if (exact) return exact;
    const any = Object.values(throughput.value);
    return any.length ? Math.min(...any) : null; // unknown model: assume the slowest seen
  }

  api.on('queue:changed', ({ queued: next }) => {
    queued.value = next;
    loaded.value = true;
  });

  api.on('run:progress', (p) => {
    if (!p.imagesPerSec || !Number.isFinite(p.imagesPerSec)) return;
    const run = runs.list.find((r) => r.id === p.runId) ?? runs.details[p.runId];
    if (!run) return;
    const key = throughputKey(run);
    const prev = throughput.value[key];
    throughput.value[key] = prev ? 0.8 * prev + 0.2 * p.imagesPerSec : p.imagesPerSec;
    try {
      window.localStorage.setItem(THROUGHPUT_KEY, JSON.stringify(throughput.value));
    } catch {
      /* not remembered: fine */
    }
  });

  return { queued, loaded, error, running, throughput, load, reorder, imagesPerSec };
});
