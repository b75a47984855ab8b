// Request bookkeeping for a message-based transport: ids, promises waiting for their response,
// and failing everything in flight at once when the connection drops. Pure and synchronous.
import type { Result, StudioError } from '../../../shared/result';

export class PendingRequests {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: Result<unknown>) => void>();

  /** Reserve an id and a promise that settles when `settle(id, …)` or `failAll` is called. */
  open(): { id: number; promise: Promise<Result<unknown>> } {
    const id = this.nextId++;
    const promise = new Promise<Result<unknown>>((resolve) => this.waiting.set(id, resolve));
    return { id, promise };
  }

  /** Deliver a response; returns false for ids nobody waits for (late or duplicate frames). */
  settle(id: number, result: Result<unknown>): boolean {
    const resolve = this.waiting.get(id);
    if (!resolve) return false;
    this.waiting.delete(id);
    resolve(result);
    return true;
  }

  /** Resolve every listed id (all of them by default) to the same error. */
  failAll(error: StudioError, ids?: Iterable<number>): number {
    const targets = ids ? [...ids] : [...this.waiting.keys()];
    let count = 0;
    for (const id of targets) {
      if (this.settle(id, { ok: false, error })) count++;
    }
    return count;
  }

  has(id: number): boolean {
    return this.waiting.has(id);
  }

  get size(): number {
    return this.waiting.size;
  }
}
