import { describe, expect, it } from 'vitest';
import { SocketSession, type ConnectionState, type SocketHandlers } from '../../../../src-renderer/lib/transport/socket-session';

/** A scripted stand-in for the browser WebSocket plus a manual clock for reconnect timers. */
function harness() {
  const sockets: { handlers: SocketHandlers; sent: string[]; closed: boolean }[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const states: ConnectionState[] = [];
  const session = new SocketSession({
    connect(handlers) {
      const s = { handlers, sent: [] as string[], closed: false };
      sockets.push(s);
      return { send: (t: string) => void s.sent.push(t), close: () => void (s.closed = true) };
    },
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
  });
  session.onState((s) => states.push(s));
  const last = () => sockets.at(-1)!;
  const sentFrames = (i = sockets.length - 1) => sockets[i]!.sent.map((t) => JSON.parse(t));
  const respond = (id: number, result: unknown) => last().handlers.onMessage(JSON.stringify({ type: 'response', id, result }));
  return { session, sockets, timers, states, last, sentFrames, respond };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('SocketSession', () => {
  it('connects lazily and holds requests until the socket opens', async () => {
    const h = harness();
    expect(h.sockets).toHaveLength(0);
    const res = h.session.request('system:info', {});
    expect(h.sockets).toHaveLength(1);
    expect(h.last().sent).toEqual([]);
    h.last().handlers.onOpen();
    const [frame] = h.sentFrames();
    expect(frame).toMatchObject({ type: 'request', channel: 'system:info', input: {} });
    h.respond(frame.id, { ok: true, value: { mode: 'browser' } });
    expect(await res).toEqual({ ok: true, value: { mode: 'browser' } });
    expect(h.states.map((s) => s.status)).toEqual(['idle', 'connecting', 'open']);
  });

  it('matches responses to requests by id, in any order', async () => {
    const h = harness();
    h.session.on('run:progress', () => {});
    h.last().handlers.onOpen();
    const a = h.session.request('runs:get', { id: 'a' });
    const b = h.session.request('runs:get', { id: 'b' });
    const [fa, fb] = h.sentFrames();
    h.respond(fb.id, { ok: true, value: 'B' });
    h.respond(fa.id, { ok: false, error: { code: 'not_found', message: 'no a' } });
    expect(await b).toEqual({ ok: true, value: 'B' });
    expect(await a).toEqual({ ok: false, error: { code: 'not_found', message: 'no a' } });
  });

  it('delivers events to their listeners until unsubscribed', () => {
    const h = harness();
    const got: unknown[] = [];
    const off = h.session.on('run:progress', (p) => got.push(p));
    h.session.on('run:status', () => got.push('wrong channel'));
    h.last().handlers.onOpen();
    const event = (payload: unknown) => h.last().handlers.onMessage(JSON.stringify({ type: 'event', event: 'run:progress', payload }));
    event({ step: 1 });
    h.last().handlers.onMessage('garbage');
    off();
    event({ step: 2 });
    expect(got).toEqual([{ step: 1 }]);
  });

  it('fails requests in flight when the socket closes, then reconnects with backoff', async () => {
    const h = harness();
    const inFlight = h.session.request('runs:list', {});
    h.last().handlers.onOpen();
    h.last().handlers.onClose();
    expect(await inFlight).toEqual({
      ok: false,
      error: { code: 'internal', message: 'connection to Distill Studio lost' },
    });
    expect(h.states[h.states.length - 1]).toEqual({ status: 'waiting', attempt: 1, retryInMs: 500 });

    // a request made while disconnected waits for the next socket instead of failing
    let settled = false;
    const waiting = h.session.request('datasets:list', {}).then((r) => ((settled = true), r));
    h.timers.shift()!.fn();
    expect(h.sockets).toHaveLength(2);
    h.last().handlers.onClose(); // refused again: the delay doubles
    expect(h.timers[0]!.ms).toBe(1000);
    await flush();
    expect(settled).toBe(false);

    h.timers.shift()!.fn();
    h.last().handlers.onOpen();
    expect(h.states[h.states.length - 1]).toEqual({ status: 'open', reconnected: true });
    const [frame] = h.sentFrames();
    expect(frame.channel).toBe('datasets:list');
    h.respond(frame.id, { ok: true, value: [] });
    expect(await waiting).toEqual({ ok: true, value: [] });
  });

  it('ignores whatever a replaced socket still says', async () => {
    const h = harness();
    h.session.on('run:log', () => {});
    const old = h.last();
    old.handlers.onOpen();
    const req = h.session.request('runs:list', {});
    const [frame] = h.sentFrames();
    old.handlers.onClose();
    expect(await req).toMatchObject({ ok: false });
    old.handlers.onMessage(JSON.stringify({ type: 'response', id: frame.id, result: { ok: true, value: 1 } }));
    old.handlers.onOpen(); // late callback from the dead socket
    expect(h.session.state.status).toBe('waiting');
  });

  it('stop() fails everything pending and never reconnects', async () => {
    const h = harness();
    const queued = h.session.request('runs:list', {});
    h.session.stop();
    expect(await queued).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(h.last().closed).toBe(true);
    expect(h.timers).toHaveLength(0);
  });
});
