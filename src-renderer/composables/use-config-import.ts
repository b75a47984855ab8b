// Configs that come into the New run form from outside: ?clone=<runId> (the run's whole config,
// named "<name> (copy)", without the demo's tag), text edited in the YAML view, and an imported
// YAML/JSON file. Each fills the form and lists what the form could not keep (configToForm).
import { ref, watch } from 'vue';
import type { RunRecord } from '../../shared/types';
import { yamlToConfig } from '../lib/form/config-yaml';
import { configToForm } from '../lib/form/form-config';
import type { RunFormState } from '../lib/form/run-form';

export interface ConfigImportDeps {
  form: RunFormState;
  cloneId: () => unknown;
  loadRun(id: string): Promise<RunRecord | null>;
  loadError(id: string): string | undefined;
  /** A problem to show at the top of the form. */
  fail(message: string): void;
  /** The pasted or imported config is complete: show every field's problems at once. */
  showAllErrors(): void;
}

export function useConfigImport(d: ConfigImportDeps) {
  const notes = ref<string[]>([]);
  const yamlError = ref<string | null>(null);
  const cloneOf = ref<string | null>(null);
  watch(
    d.cloneId,
    async (clone) => {
      if (typeof clone !== 'string' || !clone) return;
      const run = await d.loadRun(clone);
      if (!run) return d.fail(`Could not load run ${clone} to clone: ${d.loadError(clone) ?? 'not found'}`);
      const { form: next, notes: lost } = configToForm({ ...run.config, name: `${run.name} (copy)`, tags: run.tags.filter((t) => t !== 'demo') });
      Object.assign(d.form, next);
      notes.value = lost;
      cloneOf.value = run.name;
    },
    { immediate: true },
  );
  function applyText(text: string): void {
    const parsed = yamlToConfig(text);
    if (!parsed.ok) {
      yamlError.value = parsed.error;
      return;
    }
    yamlError.value = null;
    const { form: next, notes: lost } = configToForm(parsed.config);
    Object.assign(d.form, next);
    notes.value = lost;
    d.showAllErrors();
  }
  const importFile = async (file: File) => applyText(await file.text());
  return { notes, yamlError, cloneOf, applyText, importFile };
}
