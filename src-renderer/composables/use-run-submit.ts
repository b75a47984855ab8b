// Starting what the New run form describes: one run per seed (then its page, or the queue for a
// group), or a sweep (then the queue). A form with problems is not sent: its first wrong field
// is scrolled into view and focused instead.
import { nextTick, ref, type ComputedRef } from 'vue';
import type { Router } from 'vue-router';
import type { RequestInput } from '../../shared/contract';
import type { FormValidation } from '../lib/form/run-form';
import type { useRunsStore } from '../stores/runs';
import { askNotificationPermissionOnce } from './use-notifications';

export interface RunSubmitDeps {
  validation: ComputedRef<FormValidation>;
  ready: ComputedRef<boolean>;
  runs: ReturnType<typeof useRunsStore>;
  router: Router;
  /** Called before a start: show every field's problem from now on. */
  showAllErrors(): void;
}

export function useRunSubmit(d: RunSubmitDeps) {
  const starting = ref(false);
  const serverError = ref<string | null>(null);
  const sweepOpen = ref(false);
  const sweepError = ref<string | null>(null);

  async function start(): Promise<void> {
    d.showAllErrors();
    serverError.value = null;
    const { config, seeds } = d.validation.value;
    if (!config || !d.ready.value) {
      await nextTick();
      document.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]')?.scrollIntoView({ block: 'center' });
      document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    void askNotificationPermissionOnce();
    starting.value = true;
    const { runs: started, error } = await d.runs.startGroup(config, seeds);
    starting.value = false;
    if (error) {
      serverError.value = started.length ? `${started.length} of ${seeds.length} runs started, then: ${error}` : error;
      return;
    }
    if (started.length === 1) await d.router.push(`/runs/${encodeURIComponent(started[0]!.id)}`);
    else await d.router.push('/queue');
  }

  async function runSweep(input: RequestInput<'runs:sweep'>): Promise<void> {
    starting.value = true;
    const res = await d.runs.sweep(input);
    starting.value = false;
    if (!res.ok) {
      sweepError.value = res.error.message;
      return;
    }
    sweepOpen.value = false;
    await d.router.push('/queue');
  }

  return { starting, serverError, sweepOpen, sweepError, start, runSweep };
}
