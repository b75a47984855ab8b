// Validates a request against its contract schema, runs its handler and wraps the outcome in a
// Result. The single place where thrown errors become `{ ok: false, error }` for every transport.
import { z } from 'zod';
import { requestSchemas, type ParsedInput, type RequestChannel, type RequestOutput } from '../../shared/contract';
import { fail, ok, StudioFailure, type Result } from '../../shared/result';
import { describeZodError } from '../../shared/schemas/run-config';
import { describeUnexpected } from './resource-errors';

export type Handlers = {
  [C in RequestChannel]: (input: ParsedInput<C>) => RequestOutput<C> | Promise<RequestOutput<C>>;
};

export function isRequestChannel(channel: unknown): channel is RequestChannel {
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, channel);
}

export async function dispatch<C extends RequestChannel>(
  handlers: Handlers,
  channel: C,
  rawInput: unknown,
  dataDir: string | null = null,
): Promise<Result<RequestOutput<C>>> {
  if (!isRequestChannel(channel)) return fail('unknown_channel', `unknown request channel '${String(channel)}'`);
  const schema = requestSchemas[channel] as z.ZodType;
  const parsed = schema.safeParse(rawInput ?? undefined);
  if (!parsed.success) return fail('invalid_input', `${channel}: ${describeZodError(parsed.error)}`);
  try {
    const handler = handlers[channel] as (input: unknown) => RequestOutput<C> | Promise<RequestOutput<C>>;
    return ok(await handler(parsed.data));
  } catch (e) {
    if (e instanceof StudioFailure) return fail(e.code, e.message);
    // Unexpected: keep the stack in the main-process log; the user gets one readable line (a full
    // disk or a read-only folder says so, a raw SQLite or binding message never reaches them).
    console.error(`request ${channel} failed:`, e);
    const { code, message } = describeUnexpected(e, channel, dataDir);
    return fail(code, message);
  }
}
