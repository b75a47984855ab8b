// decodeClientFrame turns any text into either a request or an invalid_input message: JSON
// that is not a request object (null, arrays, numbers, wrong field types) must not throw.
import { describe, expect, it } from 'vitest';
import { decodeClientFrame } from '../../../src-main/server/wire';

describe('decodeClientFrame', () => {
  it('decodes a request', () => {
    expect(decodeClientFrame('{"type":"request","id":3,"channel":"runs:list","input":{"a":1}}')).toEqual({
      ok: true,
      id: 3,
      channel: 'runs:list',
      input: { a: 1 },
    });
  });

  it('reports non-objects without throwing', () => {
    for (const text of ['null', '[]', '[1,2]', '42', '"request"', 'true', '', 'not json', '{']) {
      const frame = decodeClientFrame(text);
      expect(frame.ok, text).toBe(false);
      expect(frame.id).toBe(-1);
    }
  });

  it('keeps a usable id for a malformed request so the client can match the answer', () => {
    expect(decodeClientFrame('{"type":"request","id":5,"channel":7}')).toMatchObject({ ok: false, id: 5 });
  });

  it('refuses ids that are not non-negative safe integers', () => {
    for (const id of ['-1', '1.5', '"1"', '1e300', 'null', '9007199254740993']) {
      expect(decodeClientFrame(`{"type":"request","id":${id},"channel":"runs:list"}`), id).toMatchObject({ ok: false, id: -1 });
    }
  });

  it('survives deeply nested JSON', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(decodeClientFrame(`{"type":"request","id":1,"channel":"runs:list","input":${deep}}`).ok).toBe(true);
    expect(decodeClientFrame(deep).ok).toBe(false);
  });
});
