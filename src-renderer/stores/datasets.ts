// Datasets known to the backend (the bundled demo and anything imported), kept fresh by events.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DatasetSummary } from '../../shared/types';
import { api } from '../api/client';

export const useDatasetsStore = defineStore('datasets', () => {
  const items = ref<DatasetSummary[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);

  const byId = computed(() => new Map(items.value.map((d) => [d.id, d])));

  async function load(): Promise<void> {
    const res = await api.invoke('datasets:list', {});
    if (res.ok) {
      items.value = res.value;
      error.value = null;
    } else {
      error.value = res.error.message;
    }
    loaded.value = true;
  }

  api.on('datasets:changed', ({ datasets }) => {
    items.value = datasets;
    loaded.value = true;
  });

  return { items, loaded, error, byId, load };
});
