// Exports: a run's model as a TF.js layers model (verified on the spot), metrics of one or many
// runs as CSV/JSON text, and run bundles (config + metrics + model) to move between installs.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ModelExportResult, TextExport } from '../../shared/history-types';
import type { Result } from '../../shared/result';
import type { RunRecord } from '../../shared/types';
import { api, connection } from '../api/client';
import { useRunsStore } from './runs';

export const useExportsStore = defineStore('exports', () => {
  const runs = useRunsStore();
  const busy = ref<string | null>(null);
  /** The desktop app has native file and folder pickers; browser mode types paths. */
  const canPick = connection.mode === 'electron';

  async function pickPath(kind: 'file' | 'folder', title: string): Promise<string | null> {
    const res = await api.invoke('dialog:openPath', { kind, title });
    return res.ok ? res.value.path : null;
  }

  async function withBusy<T>(what: string, fn: () => Promise<T>): Promise<T> {
    busy.value = what;
    try {
      return await fn();
    } finally {
      busy.value = null;
    }
  }

  const exportModel = (id: string, dir: string, format: ModelExportResult['format'] = 'tfjs'): Promise<Result<ModelExportResult>> =>
    withBusy('model', () => api.invoke('export:model', { id, dir, format }));

  const exportMetrics = (ids: string[], format: 'csv' | 'json'): Promise<Result<TextExport>> =>
    withBusy('metrics', () => api.invoke('export:metrics', { ids, format }));

  const exportBundle = (id: string, file: string): Promise<Result<{ file: string; bytes: number }>> =>
    withBusy('bundle', () => api.invoke('export:bundle', { id, file }));

  async function importBundle(file: string): Promise<Result<RunRecord>> {
    const res = await withBusy('import', () => api.invoke('import:bundle', { file }));
    if (res.ok) runs.changes++;
    return res;
  }

  return { busy, canPick, pickPath, exportModel, exportMetrics, exportBundle, importBundle };
});
