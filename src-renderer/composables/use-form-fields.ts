// Two-way bindings for a form section that receives the form as a prop and reports edits as
// patches (components take props and emit events): `const { epochs } = formFields(...)` gives a
// writable ref for `v-model="epochs"` whose writes become `emit('patch', { epochs })`.
import { computed, type WritableComputedRef } from 'vue';

export function formFields<T extends object, K extends keyof T>(
  source: () => T,
  patch: (p: Partial<T>) => void,
  keys: readonly K[],
): { [P in K]: WritableComputedRef<T[P]> } {
  const out = {} as { [P in K]: WritableComputedRef<T[P]> };
  for (const key of keys) {
    out[key] = computed({
      get: () => source()[key],
      set: (value) => patch({ [key]: value } as unknown as Partial<T>),
    });
  }
  return out;
}

/** Fields of a nested object (form.kd.alpha): writes replace the whole nested object. */
export function nestedFields<T extends object, K extends keyof T>(
  source: () => T,
  replace: (next: T) => void,
  keys: readonly K[],
): { [P in K]: WritableComputedRef<T[P]> } {
  return formFields(source, (p) => replace({ ...source(), ...p }), keys);
}
