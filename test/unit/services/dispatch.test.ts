// The one place where thrown errors become Results: validation messages name the field,
// deliberate failures keep their code, unexpected ones become `internal` without a stack.
import { describe, expect, it, vi } from 'vitest';
import { dispatch, type Handlers } from '../../../src-main/services/dispatch';
import { StudioFailure } from '../../../shared/result';

const handlers = {
  'system:info': () => ({ appVersion: '1' }),
  'runs:get': ({ id }: { id: string }) => {
    if (id === 'boom') throw new Error('disk on fire');
    throw new StudioFailure('not_found', `no run with id '${id}'`);
  },
  'runs:start': (cfg: { epochs: number }) => ({ epochs: cfg.epochs }),
} as unknown as Handlers;

describe('dispatch', () => {
  it('validates input with the channel schema and names the bad field', async () => {
    const r = await dispatch(handlers, 'runs:start', { datasetId: 'd', model: 'cnn', epochs: -3 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.message).toMatch(/^runs:start: epochs: /);
    }
  });

  it('applies schema defaults before the handler runs', async () => {
    const r = await dispatch(handlers, 'runs:start', { datasetId: 'd', model: 'cnn' });
    expect(r).toEqual({ ok: true, value: { epochs: 5 } });
  });

  it('keeps the code of a deliberate failure', async () => {
    expect(await dispatch(handlers, 'runs:get', { id: 'x' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: "no run with id 'x'" },
    });
  });

  it('turns an unexpected exception into an internal error with its message only', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const r = await dispatch(handlers, 'runs:get', { id: 'boom' });
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: 'disk on fire' } });
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });

  it('rejects channels outside the contract', async () => {
    const r = await dispatch(handlers, 'runs:nope' as never, {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('unknown_channel');
  });

  it('rejects unexpected fields on empty-input channels', async () => {
    const r = await dispatch(handlers, 'system:info', { extra: 1 });
    expect(r.ok).toBe(false);
  });
});
