// What the backend reports about itself: versions, hardware, training backend, queue.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SystemInfo } from '../../shared/types';
import { api } from '../api/client';

export const useSystemStore = defineStore('system', () => {
  const info = ref<SystemInfo | null>(null);
  const error = ref<string | null>(null);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    const res = await api.invoke('system:info', {});
    loading.value = false;
    if (res.ok) {
      info.value = res.value;
      error.value = null;
    } else {
      error.value = res.error.message;
    }
  }

  return { info, error, loading, load };
});
