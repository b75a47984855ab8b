// Desktop notifications when a run finishes, fails or diverges (Notification API: native
// notifications in Electron, the browser's in browser mode). Permission is asked once, at the
// first run the user starts, never at page load.
import { watch } from 'vue';
import { useRunsStore, type StatusChange } from '../stores/runs';
import { useSettingsStore } from '../stores/settings';

const MESSAGES: Partial<Record<StatusChange['status'], (c: StatusChange) => string>> = {
  completed: (c) => `${c.name} completed.`,
  failed: (c) => `${c.name} failed${c.error ? `: ${c.error}` : '.'}`,
  diverged: (c) => `${c.name} diverged${c.error ? `: ${c.error}` : '.'}`,
};

export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

/** Ask for permission once (call from a user action such as "Start run"). */
export async function askNotificationPermissionOnce(): Promise<void> {
  const settings = useSettingsStore();
  if (!notificationsSupported() || settings.notificationsAsked || Notification.permission !== 'default') return;
  settings.notificationsAsked = true;
  try {
    await Notification.requestPermission();
  } catch {
    /* a refused prompt is an answer too */
  }
}

/** In the app shell: notify on terminal status changes. */
export function useRunNotifications(onOpen: (runId: string) => void): void {
  const runs = useRunsStore();
  watch(
    () => runs.lastChange,
    (change) => {
      if (!change || !notificationsSupported() || Notification.permission !== 'granted') return;
      const message = MESSAGES[change.status];
      if (!message) return;
      const n = new Notification(`Distill Studio · run ${change.status}`, { body: message(change), tag: `run-${change.runId}` });
      n.onclick = () => {
        window.focus();
        onOpen(change.runId);
      };
    },
  );
}
