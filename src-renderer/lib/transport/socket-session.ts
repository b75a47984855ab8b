// One logical connection to the browser-mode server over a replaceable socket: requests queue
// until the socket is open, responses are matched by id, events fan out to listeners, and a
// closed socket fails what was in flight and reconnects with backoff. The socket itself and the
// timers are injected, so this runs (and is tested) without a DOM.
import type { Result } from '../../../shared/result';
import { PendingRequests } from './pending-requests';
import { CONNECTION_LOST, backoffDelay, decodeServerFrame, encodeRequest } from './wire';

export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting'; attempt: number }
  | { status: 'open'; reconnected: boolean }
  | { status: 'waiting'; attempt: number; retryInMs: number };

export interface SocketHandlers {
  onOpen(): void;
  onClose(): void;
  onMessage(data: unknown): void;
}
export interface SocketHandle {
  send(text: string): void;
  close(): void;
}
export type SocketFactory = (handlers: SocketHandlers) => SocketHandle;

export interface SessionOptions {
  connect: SocketFactory;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  backoff?: (attempt: number) => number;
}

type Listener = (payload: unknown) => void;

export class SocketSession {
  private readonly pending = new PendingRequests();
  private readonly unsent: { id: number; text: string }[] = [];
  private readonly inFlight = new Set<number>();
  private readonly eventListeners = new Map<string, Set<Listener>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private socket: SocketHandle | null = null;
  private generation = 0;
  private isOpen = false;
  private everOpened = false;
  private failures = 0;
  private timer: unknown = null;
  private stopped = false;
  private current: ConnectionState = { status: 'idle' };

  constructor(private readonly options: SessionOptions) {}

  get state(): ConnectionState {
    return this.current;
  }

  /** Send a request (connecting first if needed) and wait for its Result. */
  request(channel: string, input: unknown): Promise<Result<unknown>> {
    const { id, promise } = this.pending.open();
    const text = encodeRequest(id, channel, input);
    if (this.isOpen) this.transmit(id, text);
    else {
      this.unsent.push({ id, text });
      this.ensureConnecting();
    }
    return promise;
  }

  on(event: string, listener: Listener): () => void {
    let set = this.eventListeners.get(event);
    if (!set) this.eventListeners.set(event, (set = new Set()));
    set.add(listener);
    this.ensureConnecting();
    return () => set.delete(listener);
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.current);
    return () => this.stateListeners.delete(listener);
  }

  /** Close for good: everything pending fails, no reconnects. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.generation++;
    this.socket?.close();
    this.socket = null;
    this.isOpen = false;
    this.unsent.length = 0;
    this.inFlight.clear();
    this.pending.failAll(CONNECTION_LOST);
  }

  private ensureConnecting(): void {
    if (this.stopped || this.socket || this.timer !== null) return;
    this.connect();
  }

  private connect(): void {
    const generation = ++this.generation;
    const mine = (fn: () => void) => () => {
      if (generation === this.generation) fn();
    };
    this.setState({ status: 'connecting', attempt: this.failures });
    this.socket = this.options.connect({
      onOpen: mine(() => this.handleOpen()),
      onClose: mine(() => this.handleClose()),
      onMessage: (data) => {
        if (generation === this.generation) this.handleMessage(data);
      },
    });
  }

  private handleOpen(): void {
    this.isOpen = true;
    this.failures = 0;
    const reconnected = this.everOpened;
    this.everOpened = true;
    for (const { id, text } of this.unsent.splice(0)) this.transmit(id, text);
    this.setState({ status: 'open', reconnected });
  }

  private handleClose(): void {
    this.generation++; // ignore anything the dead socket still says
    this.socket = null;
    this.isOpen = false;
    this.pending.failAll(CONNECTION_LOST, this.inFlight);
    this.inFlight.clear();
    if (this.stopped) return;
    const retryInMs = (this.options.backoff ?? backoffDelay)(this.failures);
    this.failures++;
    this.setState({ status: 'waiting', attempt: this.failures, retryInMs });
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.connect();
    }, retryInMs);
  }

  private handleMessage(data: unknown): void {
    const frame = decodeServerFrame(data);
    if (!frame) return;
    if (frame.type === 'response') {
      this.inFlight.delete(frame.id);
      this.pending.settle(frame.id, frame.result);
      return;
    }
    for (const listener of this.eventListeners.get(frame.event) ?? []) {
      try {
        listener(frame.payload);
      } catch (err) {
        console.error(`listener for ${frame.event} failed`, err);
      }
    }
  }

  private transmit(id: number, text: string): void {
    try {
      this.socket?.send(text);
      this.inFlight.add(id);
    } catch {
      this.pending.settle(id, { ok: false, error: CONNECTION_LOST });
    }
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private setTimer(fn: () => void, ms: number): unknown {
    return (this.options.setTimer ?? ((f, t) => setTimeout(f, t)))(fn, ms);
  }

  private clearTimer(handle: unknown): void {
    (this.options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)))(handle);
  }
}
