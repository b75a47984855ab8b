// State of the run page's Export tab: the model export (with its verification), metric downloads
// and bundle export, for the run being shown.
import { ref, watch, type Ref } from 'vue';
import type { ModelExportResult } from '../../shared/history-types';
import { useExportsStore } from '../stores/exports';
import { downloadText } from './use-download';

export function useRunExports(runId: Ref<string>) {
  const exportsStore = useExportsStore();
  const model = ref<ModelExportResult | null>(null);
  const modelError = ref<string | null>(null);
  const bundle = ref<{ file: string; bytes: number } | null>(null);
  const bundleError = ref<string | null>(null);
  const metricsError = ref<string | null>(null);
  const busy = ref<string | null>(null);

  watch(runId, () => {
    model.value = null;
    modelError.value = null;
    bundle.value = null;
    bundleError.value = null;
    metricsError.value = null;
  });
  watch(() => exportsStore.busy, (b) => (busy.value = b));

  async function exportModel(dir: string): Promise<void> {
    const res = await exportsStore.exportModel(runId.value, dir);
    model.value = res.ok ? res.value : null;
    modelError.value = res.ok ? null : res.error.message;
  }

  async function exportMetrics(format: 'csv' | 'json'): Promise<void> {
    const res = await exportsStore.exportMetrics([runId.value], format);
    metricsError.value = res.ok ? null : res.error.message;
    if (res.ok) downloadText(res.value.filename, res.value.content, res.value.mimeType);
  }

  async function exportBundle(file: string): Promise<void> {
    const res = await exportsStore.exportBundle(runId.value, file);
    bundle.value = res.ok ? res.value : null;
    bundleError.value = res.ok ? null : res.error.message;
  }

  return { model, modelError, bundle, bundleError, metricsError, busy, exportModel, exportMetrics, exportBundle };
}
