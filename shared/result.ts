// Result type for every request that crosses a process boundary: errors travel as data
// (a code a program can branch on, a message a person can act on), never as thrown exceptions.

export const ERROR_CODES = [
  'invalid_input', // request failed schema validation
  'not_found', // unknown id
  'conflict', // e.g. cancelling a finished run
  'unauthorized', // browser mode: missing/wrong token; IPC: untrusted sender
  'unknown_channel',
  'worker_failed',
  'cancelled', // the user stopped it (an import, a task)
  'io_error',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface StudioError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: StudioError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

/** An error that services throw on purpose; transports turn it into `{ ok: false, error }`. */
export class StudioFailure extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StudioFailure';
  }
}
