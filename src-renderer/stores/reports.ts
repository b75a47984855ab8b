// What a finished run's page shows beyond its curves: the final report (confusion matrix,
// per-class accuracy, gap recovered), teacher/student attention maps for chosen validation
// samples, and the log (tail loaded once, then appended from run:log events).
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AttentionMaps, RunReport } from '../../shared/history-types';
import type { RunLogLine } from '../../shared/types';
import { api } from '../api/client';

const LOG_LIMIT = 500;

export const useReportsStore = defineStore('reports', () => {
  const reports = ref<Record<string, RunReport>>({});
  const reportErrors = ref<Record<string, string>>({});
  const attention = shallowRef<Record<string, AttentionMaps>>({});
  const attentionErrors = ref<Record<string, string>>({});
  const attentionLoading = ref<Record<string, boolean>>({});
  const logs = shallowRef<Record<string, RunLogLine[]>>({});
  const logRevision = ref(0);
  const logErrors = ref<Record<string, string>>({});

  async function loadReport(id: string, force = false): Promise<RunReport | null> {
    if (reports.value[id] && !force) return reports.value[id]!;
    const res = await api.invoke('runs:report', { id });
    if (!res.ok) {
      reportErrors.value[id] = res.error.message;
      return null;
    }
    delete reportErrors.value[id];
    reports.value[id] = res.value;
    return res.value;
  }

  async function loadAttention(id: string, samples: number[]): Promise<void> {
    attentionLoading.value[id] = true;
    const res = await api.invoke('runs:attention', { id, samples });
    attentionLoading.value[id] = false;
    if (!res.ok) {
      attentionErrors.value[id] = res.error.message;
      return;
    }
    delete attentionErrors.value[id];
    attention.value = { ...attention.value, [id]: res.value };
  }

  async function loadLogs(id: string): Promise<void> {
    const res = await api.invoke('runs:logs', { id, limit: LOG_LIMIT });
    if (!res.ok) {
      logErrors.value[id] = res.error.message;
      return;
    }
    delete logErrors.value[id];
    logs.value = { ...logs.value, [id]: res.value };
    logRevision.value++;
  }

  api.on('run:log', (line) => {
    const lines = logs.value[line.runId];
    if (!lines) return; // nobody is looking at this run's log
    lines.push(line);
    if (lines.length > LOG_LIMIT) lines.splice(0, lines.length - LOG_LIMIT);
    logRevision.value++;
  });

  return { reports, reportErrors, attention, attentionErrors, attentionLoading, logs, logRevision, logErrors, loadReport, loadAttention, loadLogs };
});
