// Waits on contract events from a StudioServices instance: a run reaching a status, or a first
// progress report. Used by integration tests that drive real worker processes.
import type { EventPayloads } from '../../shared/contract';
import type { StudioServices } from '../../src-main/services/studio-services';
import { TERMINAL_STATUSES, type RunRecord } from '../../shared/types';

export function waitForTerminal(services: StudioServices, runId: string, timeoutMs = 240_000): Promise<RunRecord> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`run ${runId} did not finish within ${timeoutMs} ms`)), timeoutMs);
    const off = services.onEvent((event, payload) => {
      const p = payload as EventPayloads['run:status'];
      if (event === 'run:status' && p.runId === runId && TERMINAL_STATUSES.includes(p.status)) {
        clearTimeout(timer);
        off();
        resolve(p.run);
      }
    });
  });
}

export function waitForProgress(services: StudioServices, runId: string, minStep = 1, timeoutMs = 120_000): Promise<EventPayloads['run:progress']> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`run ${runId} made no progress within ${timeoutMs} ms`)), timeoutMs);
    const off = services.onEvent((event, payload) => {
      const p = payload as EventPayloads['run:progress'];
      if (event === 'run:progress' && p.runId === runId && p.step >= minStep) {
        clearTimeout(timer);
        off();
        resolve(p);
      }
    });
  });
}
