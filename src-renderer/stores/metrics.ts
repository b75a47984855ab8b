// Metric series per run, loaded once and then appended to from `run:metrics` events. Series are
// large, so they live in a shallowRef and change in place; `revision` tells charts to redraw, at
// most five times a second however fast points arrive (smoothing and drawing stay off the hot path).
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { EventPayloads } from '../../shared/contract';
import type { MetricSeries } from '../../shared/types';
import { api } from '../api/client';
import { appendPoints } from '../lib/charts/series';

type Points = EventPayloads['run:metrics']['points'];

export const useMetricsStore = defineStore('metrics', () => {
  const series = shallowRef<Record<string, MetricSeries>>({});
  const revision = ref(0);
  const errors = ref<Record<string, string>>({});
  /** Points that arrive while a run's series is being fetched, applied once it lands. */
  const buffered = new Map<string, Points>();
  let bumpTimer: ReturnType<typeof setTimeout> | null = null;
  function bumpSoon(): void {
    if (bumpTimer) return;
    bumpTimer = setTimeout(() => {
      bumpTimer = null;
      revision.value++;
    }, 200);
  }

  async function load(runId: string): Promise<void> {
    if (buffered.has(runId)) return;
    buffered.set(runId, []);
    const res = await api.invoke('runs:metrics', { id: runId });
    const late = buffered.get(runId) ?? [];
    buffered.delete(runId);
    if (!res.ok) {
      errors.value[runId] = res.error.message;
      return;
    }
    delete errors.value[runId];
    const loaded = res.value;
    appendPoints(loaded, late);
    series.value = { ...series.value, [runId]: loaded };
    revision.value++;
  }

  api.on('run:metrics', ({ runId, points }) => {
    const pending = buffered.get(runId);
    if (pending) {
      pending.push(...points);
      return;
    }
    const target = series.value[runId];
    if (!target) return; // nobody is looking at this run; it loads in full when opened
    if (appendPoints(target, points) > 0) bumpSoon();
  });

  async function refresh(): Promise<void> {
    for (const id of Object.keys(series.value)) await load(id);
  }

  return { series, revision, errors, load, refresh };
});
