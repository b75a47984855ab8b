// The model zoo the backend can train (name, description, parameter count, feature taps).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ModelInfo } from '../../shared/types';
import { api } from '../api/client';

export const useModelsStore = defineStore('models', () => {
  const items = ref<ModelInfo[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);

  const byName = computed(() => new Map(items.value.map((m) => [m.name, m])));

  async function load(): Promise<void> {
    const res = await api.invoke('models:list', {});
    if (res.ok) {
      items.value = res.value;
      error.value = null;
    } else {
      error.value = res.error.message;
    }
    loaded.value = true;
  }

  return { items, loaded, error, byName, load };
});
