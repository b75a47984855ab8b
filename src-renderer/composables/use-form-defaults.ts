// The New run form's defaults as its lists arrive: the dataset from ?dataset= (else the first),
// the models and teachers of that dataset, a student model from the zoo (cnn when it fits), and
// KD switched on when a distill run has no method yet (the classic recipe, listed first).
import { watch, type ComputedRef } from 'vue';
import { DISTILL_METHOD_NAMES } from '../../shared/methods';
import type { ModelInfo } from '../../shared/types';
import type { RunFormState } from '../lib/form/run-form';

export interface FormDefaultsDeps {
  form: RunFormState;
  datasetIds: () => string[];
  wantedDataset: () => string;
  modelList: ComputedRef<ModelInfo[]>;
  loadModels(datasetId: string | undefined): void;
  loadTeachers(datasetId: string): void;
}

export function useFormDefaults(d: FormDefaultsDeps): void {
  const { form } = d;
  watch(
    d.datasetIds,
    (ids) => {
      if (form.datasetId || ids.length === 0) return;
      const wanted = d.wantedDataset();
      form.datasetId = ids.includes(wanted) ? wanted : ids[0]!;
    },
    { immediate: true },
  );
  watch(
    () => form.datasetId,
    (id) => {
      d.loadModels(id || undefined);
      if (id) d.loadTeachers(id);
    },
    { immediate: true },
  );
  watch(
    d.modelList,
    (list) => {
      if (list.length && !list.some((m) => m.name === form.model)) form.model = (list.find((m) => m.name === 'cnn') ?? list[0]!).name;
    },
    { immediate: true },
  );
  watch(
    () => form.kind,
    (kind) => {
      const first = DISTILL_METHOD_NAMES[0]!;
      if (kind === 'distill' && !DISTILL_METHOD_NAMES.some((m) => form.methods[m]?.enabled)) {
        form.methods = { ...form.methods, [first]: { ...form.methods[first]!, enabled: true } };
      }
    },
  );
}
