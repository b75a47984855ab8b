// Connection state for the banner: browser mode can lose its socket; Electron never does.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { connection, type ConnectionState } from '../api/client';

export const useConnectionStore = defineStore('connection', () => {
  const state = shallowRef<ConnectionState>({ status: 'idle' });
  /** Bumped every time the socket comes back, so views can refetch what they missed. */
  const reconnects = ref(0);
  const hasToken = connection.hasToken;

  connection.onState((next) => {
    state.value = next;
    if (next.status === 'open' && next.reconnected) reconnects.value++;
  });

  const banner = computed<{ tone: 'warning' | 'danger'; text: string } | null>(() => {
    if (!hasToken) {
      return {
        tone: 'danger',
        text: 'No access token. Open the full address printed by "distill-studio serve" (it ends in ?token=…).',
      };
    }
    const s = state.value;
    if (s.status === 'waiting') {
      const seconds = Math.max(1, Math.round(s.retryInMs / 1000));
      const hint = s.attempt >= 3 ? ' If Distill Studio was restarted, open the new address it printed.' : '';
      return {
        tone: 'warning',
        text: `Connection to Distill Studio lost. Retrying in ${seconds}s (attempt ${s.attempt})…${hint}`,
      };
    }
    if (s.status === 'connecting' && s.attempt > 0) {
      return { tone: 'warning', text: 'Reconnecting to Distill Studio…' };
    }
    return null;
  });

  return { state, reconnects, hasToken, banner };
});
