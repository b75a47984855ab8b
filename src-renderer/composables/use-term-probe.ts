// The New run form's look ahead at the loss: while a distill config is valid, ask (debounced) how
// its terms will weigh at the start (runs:probe), keeping only the answer to the latest config.
import { ref, shallowRef, watch, type Ref } from 'vue';
import type { TermProbe } from '../../shared/history-types';
import type { RunConfigInput } from '../../shared/schemas/run-config';

export interface TermProbeState {
  probe: Ref<TermProbe | null>;
  error: Ref<string | null>;
  busy: Ref<boolean>;
}

/** Waits this long after the last edit, so typing a weight does not start a worker per key. */
const DEBOUNCE_MS = 1000;

export function useTermProbe(
  config: () => RunConfigInput | null,
  ask: (c: RunConfigInput) => Promise<{ ok: true; value: TermProbe } | { ok: false; error: { message: string } }>,
): TermProbeState {
  const probe = shallowRef<TermProbe | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let latest = 0;
  watch(
    () => {
      const c = config();
      return c && c.kind === 'distill' ? JSON.stringify(c) : null;
    },
    (key) => {
      if (timer) clearTimeout(timer);
      probe.value = null;
      error.value = null;
      if (!key) return;
      const ticket = ++latest;
      timer = setTimeout(async () => {
        busy.value = true;
        const res = await ask(JSON.parse(key) as RunConfigInput);
        if (ticket !== latest) return; // an older config's answer
        busy.value = false;
        if (res.ok) probe.value = res.value;
        else error.value = res.error.message;
      }, DEBOUNCE_MS);
    },
    { immediate: true },
  );
  return { probe, error, busy };
}
