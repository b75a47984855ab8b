// Token checks read a Cookie header of any shape without throwing, and only the cookie of
// this server's port counts.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { authCookie, checkToken, cookieValues } from '../../../src-main/server/auth';

const TOKEN = 'ab'.repeat(24);
const req = (cookie?: string | string[]) => ({ headers: { cookie } }) as unknown as IncomingMessage;
const none = new URLSearchParams();

describe('cookieValues', () => {
  it('reads every value of one name, undecoded, whatever else the header holds', () => {
    expect(cookieValues('a=%zz; x=1; =; ;; b; x="2"; x = 3 ', 'x')).toEqual(['1', '2', '3']);
    expect(cookieValues(undefined, 'x')).toEqual([]);
    expect(cookieValues(['x=1', 'x=%E0%A4%A'], 'x')).toEqual(['1', '%E0%A4%A']);
  });
});

describe('checkToken', () => {
  it('accepts the token from the query or from the cookie of this port', () => {
    expect(checkToken(req(), new URLSearchParams({ token: TOKEN }), TOKEN, 5757)).toBe('query');
    expect(checkToken(req(authCookie(TOKEN, 5757).split(';')[0]), none, TOKEN, 5757)).toBe('cookie');
  });

  it('refuses a cookie set by another port, a wrong token, and malformed headers', () => {
    expect(checkToken(req(authCookie(TOKEN, 5758).split(';')[0]), none, TOKEN, 5757)).toBeNull();
    expect(checkToken(req(`distill_studio_token_5757=${'0'.repeat(48)}`), none, TOKEN, 5757)).toBeNull();
    expect(checkToken(req('a=%zz; distill_studio_token_5757=%'), new URLSearchParams({ token: 'x' }), TOKEN, 5757)).toBeNull();
  });

  it('finds the right cookie among duplicates', () => {
    expect(checkToken(req(`distill_studio_token_5757=stale; distill_studio_token_5757=${TOKEN}`), none, TOKEN, 5757)).toBe('cookie');
  });
});
