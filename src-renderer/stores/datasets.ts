// Datasets known to the backend (the bundled demo and anything imported), kept fresh by events;
// per-dataset details for the dataset page; imports in flight with their progress (they outlive
// the dialog that started them, so the list shows them too); format detection, thumbnails and
// deletion.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { RequestInput } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type {
  DatasetDeleteResult,
  DatasetDetail,
  DatasetDetection,
  DatasetImportProgress,
  DatasetImportResult,
  DatasetListItem,
  DatasetSamplesPage,
  DatasetSummary,
} from '../../shared/types';
import { api } from '../api/client';

export type ImportStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** One import started from this window. */
export interface ImportJob {
  importId: string;
  /** What the user will recognise it by: the name given, or the last part of the path. */
  label: string;
  path: string;
  status: ImportStatus;
  progress: DatasetImportProgress | null;
  error: string | null;
  result: DatasetImportResult | null;
  cancelling: boolean;
}

const lastPathPart = (p: string) =>
  p
    .replace(/[\\/]+$/, '')
    .split(/[\\/]/)
    .pop() || p;

export const useDatasetsStore = defineStore('datasets', () => {
  const items = ref<DatasetListItem[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const details = ref<Record<string, DatasetDetail>>({});
  const detailErrors = ref<Record<string, string>>({});
  const imports = ref<ImportJob[]>([]);

  const byId = computed(() => new Map(items.value.map((d) => [d.id, d])));
  const runningImports = computed(() => imports.value.filter((j) => j.status === 'running'));

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

  // The event carries summaries; keep the runs we knew of until the list is fetched again.
  api.on('datasets:changed', ({ datasets }) => {
    const before = byId.value;
    items.value = datasets.map((d: DatasetSummary & Partial<Pick<DatasetListItem, 'usedBy' | 'usedByCount'>>) => ({
      ...d,
      usedBy: d.usedBy ?? before.get(d.id)?.usedBy ?? [],
      usedByCount: d.usedByCount ?? before.get(d.id)?.usedByCount ?? 0,
    }));
    const live = new Set(datasets.map((d) => d.id));
    for (const id of Object.keys(details.value)) if (!live.has(id)) delete details.value[id];
    loaded.value = true;
  });

  async function loadDetail(id: string): Promise<DatasetDetail | null> {
    const res = await api.invoke('datasets:get', { id });
    if (!res.ok) {
      detailErrors.value[id] = res.error.message;
      return null;
    }
    delete detailErrors.value[id];
    details.value[id] = res.value;
    return res.value;
  }

  function detect(path: string): Promise<Result<DatasetDetection>> {
    return api.invoke('datasets:detect', { path });
  }

  function samples(query: RequestInput<'datasets:samples'>): Promise<Result<DatasetSamplesPage>> {
    return api.invoke('datasets:samples', query);
  }

  const job = (importId: string) => imports.value.find((j) => j.importId === importId);

  api.on('dataset:importProgress', (p) => {
    const j = job(p.importId);
    if (!j) return; // started in another window
    // Progress only moves forward; the request's own answer decides the final status.
    if (!j.progress || p.fraction >= j.progress.fraction || p.phase !== j.progress.phase) j.progress = p;
  });

  /** Starts an import (its id chosen by the caller) and resolves when it has ended. */
  async function startImport(request: RequestInput<'datasets:import'> & { importId: string }): Promise<ImportJob> {
    imports.value.push({
      importId: request.importId,
      label: request.name?.trim() || lastPathPart(request.path ?? ''),
      path: request.path ?? '',
      status: 'running',
      progress: null,
      error: null,
      result: null,
      cancelling: false,
    });
    const res = await api.invoke('datasets:import', request);
    const j = job(request.importId)!;
    const askedToCancel = j.cancelling;
    j.cancelling = false;
    if (res.ok) {
      j.status = 'done';
      j.result = res.value;
      j.label = res.value.dataset.name;
      void load(); // the event has no runs; the list does
    } else {
      // The final progress event says 'cancelled' too (whatever code the error carries).
      const cancelled = res.error.code === 'cancelled' || j.progress?.phase === 'cancelled' || askedToCancel;
      j.status = cancelled ? 'cancelled' : 'failed';
      j.error = res.error.message;
    }
    return j;
  }

  async function cancelImport(importId: string): Promise<void> {
    const j = job(importId);
    if (!j || j.status !== 'running') return;
    j.cancelling = true;
    const res = await api.invoke('datasets:cancelImport', { importId });
    if (!res.ok) {
      j.cancelling = false;
      j.error = res.error.message;
    }
  }

  /** Forgets a finished import (running ones stay until they end). */
  function dismissImport(importId: string): void {
    imports.value = imports.value.filter((j) => j.importId !== importId || j.status === 'running');
  }

  async function remove(id: string, force: boolean): Promise<Result<DatasetDeleteResult>> {
    const res = await api.invoke('datasets:delete', { id, force });
    if (res.ok) {
      items.value = items.value.filter((d) => d.id !== id);
      delete details.value[id];
    }
    return res;
  }

  /** The desktop app's native picker; null when cancelled or when the shell has none (browser mode). */
  async function pickPath(kind: 'file' | 'folder'): Promise<string | null> {
    const res = await api.invoke('dialog:openPath', { kind, title: kind === 'folder' ? 'Choose a dataset folder' : 'Choose a dataset file' });
    return res.ok ? res.value.path : null;
  }

  return {
    pickPath,
    items,
    loaded,
    error,
    byId,
    details,
    detailErrors,
    imports,
    runningImports,
    load,
    loadDetail,
    detect,
    samples,
    startImport,
    cancelImport,
    dismissImport,
    remove,
  };
});
