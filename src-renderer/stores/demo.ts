// The built-in demo (teacher → baseline → KD → NST-poly → KD+NST on the MNIST digits): one click
// queues it, the table fills in as the runs finish. The ids of the last demo are remembered so
// the home page shows its table after a reload.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { RequestInput } from '../../shared/contract';
import type { DemoRow } from '../../shared/types';
import { api } from '../api/client';
import { isTerminal, useRunsStore } from './runs';

const KEY = 'distill-studio.demo-runs';

function readIds(): string[] {
  try {
    const ids = JSON.parse(window.localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export const useDemoStore = defineStore('demo', () => {
  const runs = useRunsStore();
  const ids = ref<string[]>(readIds());
  const rows = ref<DemoRow[]>([]);
  const starting = ref(false);
  const error = ref<string | null>(null);

  const done = computed(() => rows.value.length > 0 && rows.value.every((r) => isTerminal(r)));

  async function start(options: RequestInput<'demo:start'> = {}): Promise<void> {
    starting.value = true;
    error.value = null;
    const res = await api.invoke('demo:start', options);
    starting.value = false;
    if (!res.ok) {
      error.value = res.error.message;
      return;
    }
    ids.value = res.value.map((r) => r.id);
    try {
      window.localStorage.setItem(KEY, JSON.stringify(ids.value));
    } catch {
      /* the table is then shown for this session only */
    }
    runs.changes++;
    await loadTable();
  }

  /**
   * Another browser (or a cleared one) does not know the last demo: find it by its tag. The
   * demo's five runs are created together; the table wants teacher, baseline, then KD,
   * NST-poly, KD+NST.
   */
  async function discover(): Promise<void> {
    const res = await api.invoke('runs:query', { tag: 'demo', limit: 5, sort: { by: 'created', dir: 'desc' } });
    if (!res.ok) return;
    const rows = res.value.rows.filter((r) => r.name.startsWith('demo ·'));
    if (rows.length < 2) return;
    const rank = (r: { kind: string; name: string }) =>
      r.kind === 'teacher' ? 0 : r.kind === 'student' ? 1 : /KD\+NST/i.test(r.name) ? 4 : /NST/i.test(r.name) ? 3 : 2;
    ids.value = rows.sort((a, b) => rank(a) - rank(b)).map((r) => r.id);
  }

  async function loadTable(): Promise<void> {
    if (ids.value.length === 0) await discover();
    if (ids.value.length === 0) return;
    const res = await api.invoke('demo:table', { ids: ids.value });
    if (res.ok) {
      rows.value = res.value;
      error.value = null;
    } else if (res.error.code === 'not_found') {
      forget(); // the demo runs were deleted
    } else {
      error.value = res.error.message;
    }
  }

  function forget(): void {
    ids.value = [];
    rows.value = [];
    try {
      window.localStorage.removeItem(KEY);
    } catch {
      /* nothing to forget */
    }
  }

  // a demo run changed status: refresh the table (it is five rows)
  watch(
    () => runs.lastChange,
    (c) => {
      if (c && ids.value.includes(c.runId)) void loadTable();
    },
  );

  return { ids, rows, starting, error, done, start, loadTable, forget };
});
