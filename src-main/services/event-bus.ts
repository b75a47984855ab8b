// A tiny typed publish/subscribe hub for contract events (run status, progress, metrics, logs).
import type { EventChannel, EventPayloads } from '../../shared/contract';
import type { StudioEventListener } from './studio-services';

export class EventBus {
  private listeners = new Set<StudioEventListener>();

  on(listener: StudioEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch (e) {
        console.error(`event listener for ${event} failed:`, e);
      }
    }
  }
}
