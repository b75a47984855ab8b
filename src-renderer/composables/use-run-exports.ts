// State of the run page's Export tab: the model export (with its verification), metric downloads
// and bundle export, for the run being shown.
import { ref, watch, type Ref } from 'vue';
import type { ModelExportResult } from '../../shared/history-types';
import { useExportsStore } from '../stores/exports';
import { downloadText, safeFilename } from './use-download';

export function useRunExports(runId: Ref<string>) {
  const exportsStore = useExportsStore();
  const model = ref<ModelExportResult | null>(null);
  const modelError = ref<string | null>(null);
  const bundle = ref<{ file: string; bytes: number } | null>(null);
  const bundleError = ref<string | null>(null);
  const metricsError = ref<string | null>(null);
  const busy = ref<string | null>(null);
  const dir = ref('');
  const file = ref('');

  watch(runId, () => {
    model.value = null;
    modelError.value = null;
    bundle.value = null;
    bundleError.value = null;
    metricsError.value = null;
  });
  watch(
    () => exportsStore.busy,
    (b) => (busy.value = b),
  );

  /** Native pickers (desktop app): a folder for the model, a folder for the bundle file. */
  async function pick(target: 'model' | 'bundle', runName: string): Promise<void> {
    const folder = await exportsStore.pickPath('folder', target === 'model' ? 'Choose a folder for the model' : 'Choose a folder for the bundle');
    if (!folder) return;
    if (target === 'model') dir.value = folder;
    else file.value = `${folder.replace(/[\\/]+$/, '')}/${safeFilename(runName)}.distill`;
  }

  async function exportModel(to: string, format: ModelExportResult['format']): Promise<void> {
    const res = await exportsStore.exportModel(runId.value, to, format);
    model.value = res.ok ? res.value : null;
    modelError.value = res.ok ? null : res.error.message;
  }

  async function exportMetrics(format: 'csv' | 'json'): Promise<void> {
    const res = await exportsStore.exportMetrics([runId.value], format);
    metricsError.value = res.ok ? null : res.error.message;
    if (res.ok) downloadText(res.value.filename, res.value.content, res.value.mimeType);
  }

  async function exportBundle(to: string): Promise<void> {
    const res = await exportsStore.exportBundle(runId.value, to);
    bundle.value = res.ok ? res.value : null;
    bundleError.value = res.ok ? null : res.error.message;
  }

  return {
    model,
    modelError,
    bundle,
    bundleError,
    metricsError,
    busy,
    dir,
    file,
    canPick: exportsStore.canPick,
    pick,
    exportModel,
    exportMetrics,
    exportBundle,
  };
}
