// The model zoo per dataset: parameters, MACs and tap shapes depend on the input shape and the
// number of classes, so the list is fetched for each dataset (models:list { datasetId }).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ModelInfo } from '../../shared/types';
import { api } from '../api/client';

const DEFAULT_KEY = '';

export const useModelsStore = defineStore('models', () => {
  const byDataset = ref<Record<string, ModelInfo[]>>({});
  const errors = ref<Record<string, string>>({});
  const pending = new Map<string, Promise<void>>();

  function load(datasetId?: string): Promise<void> {
    const key = datasetId ?? DEFAULT_KEY;
    if (byDataset.value[key]) return Promise.resolve();
    const existing = pending.get(key);
    if (existing) return existing;
    const request = api.invoke('models:list', datasetId ? { datasetId } : {}).then((res) => {
      pending.delete(key);
      if (res.ok) {
        byDataset.value[key] = res.value;
        delete errors.value[key];
      } else {
        errors.value[key] = res.error.message;
      }
    });
    pending.set(key, request);
    return request;
  }

  function models(datasetId?: string): ModelInfo[] {
    return byDataset.value[datasetId ?? DEFAULT_KEY] ?? [];
  }

  function find(datasetId: string | undefined, name: string): ModelInfo | null {
    return models(datasetId).find((m) => m.name === name) ?? null;
  }

  return { byDataset, errors, load, models, find };
});
