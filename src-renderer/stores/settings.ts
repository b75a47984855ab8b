// User preferences kept in localStorage: theme, history columns, curve smoothing, whether desktop
// notifications were already asked for.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { MetricColumn } from '../lib/charts/metric-keys';
import { METRIC } from '../../shared/metric-keys';

export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'distill-studio.settings';

interface Saved {
  theme: ThemeChoice;
  historyColumns: MetricColumn[];
  smoothing: number;
  notificationsAsked: boolean;
}

const DEFAULTS: Saved = {
  theme: 'system',
  historyColumns: [
    { key: METRIC.valAcc, agg: 'best' },
    { key: METRIC.trainLoss, agg: 'last' },
  ],
  smoothing: 0.6,
  notificationsAsked: false,
};

function read(): Saved {
  try {
    const raw = window.localStorage.getItem(KEY);
    return raw ? { ...DEFAULTS, ...(JSON.parse(raw) as Partial<Saved>) } : { ...DEFAULTS };
  } catch {
    return { ...DEFAULTS };
  }
}

export const useSettingsStore = defineStore('settings', () => {
  const saved = read();
  const theme = ref<ThemeChoice>(saved.theme);
  const historyColumns = ref<MetricColumn[]>(saved.historyColumns);
  const smoothing = ref(saved.smoothing);
  const notificationsAsked = ref(saved.notificationsAsked);

  watch(
    [theme, historyColumns, smoothing, notificationsAsked],
    () => {
      const data: Saved = {
        theme: theme.value,
        historyColumns: historyColumns.value,
        smoothing: smoothing.value,
        notificationsAsked: notificationsAsked.value,
      };
      try {
        window.localStorage.setItem(KEY, JSON.stringify(data));
      } catch {
        /* storage full or disabled: preferences last for this session */
      }
    },
    { deep: true },
  );

  function cycleTheme(): void {
    theme.value = theme.value === 'system' ? 'light' : theme.value === 'light' ? 'dark' : 'system';
  }

  return { theme, historyColumns, smoothing, notificationsAsked, cycleTheme };
});
