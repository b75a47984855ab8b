// Teachers a distill run can learn from: completed teacher runs on a dataset, with their best
// validation accuracy (runs:query with a metric column, newest first).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { RunRow } from '../../shared/history-types';
import { api } from '../api/client';
import { METRIC } from '../../shared/metric-keys';

export const useTeachersStore = defineStore('teachers', () => {
  const byDataset = ref<Record<string, RunRow[]>>({});
  const error = ref<string | null>(null);

  async function load(datasetId: string): Promise<void> {
    if (!datasetId) return;
    const res = await api.invoke('runs:query', {
      kind: ['teacher'],
      status: ['completed'],
      datasetId,
      columns: [{ key: METRIC.valAcc, agg: 'best' }],
      sort: { by: 'created', dir: 'desc' },
      limit: 200,
    });
    if (res.ok) {
      byDataset.value[datasetId] = res.value.rows;
      error.value = null;
    } else {
      error.value = res.error.message;
    }
  }

  return { byDataset, error, load };
});
