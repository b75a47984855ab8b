import { describe, expect, it } from 'vitest';
import { PendingRequests } from '../../../../src-renderer/lib/transport/pending-requests';

describe('PendingRequests', () => {
  it('hands out increasing ids and settles each promise once', async () => {
    const p = new PendingRequests();
    const a = p.open();
    const b = p.open();
    expect(b.id).toBe(a.id + 1);
    expect(p.size).toBe(2);
    expect(p.settle(b.id, { ok: true, value: 'b' })).toBe(true);
    expect(p.settle(b.id, { ok: true, value: 'again' })).toBe(false);
    expect(await b.promise).toEqual({ ok: true, value: 'b' });
    expect(p.has(a.id)).toBe(true);
    expect(p.size).toBe(1);
  });

  it('ignores responses nobody waits for', () => {
    expect(new PendingRequests().settle(99, { ok: true, value: 1 })).toBe(false);
  });

  it('fails only the listed requests, or all of them', async () => {
    const p = new PendingRequests();
    const a = p.open();
    const b = p.open();
    const c = p.open();
    const error = { code: 'internal' as const, message: 'lost' };
    expect(p.failAll(error, [a.id, 12345])).toBe(1);
    expect(await a.promise).toEqual({ ok: false, error });
    expect(p.size).toBe(2);
    expect(p.failAll(error)).toBe(2);
    expect(await b.promise).toEqual({ ok: false, error });
    expect(await c.promise).toEqual({ ok: false, error });
    expect(p.size).toBe(0);
  });
});
