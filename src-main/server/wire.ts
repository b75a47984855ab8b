// The browser-mode wire format (JSON text frames), mirrored by src-renderer/lib on the client:
//   client → server  { type: 'request', id, channel, input }
//   server → client  { type: 'response', id, result }   { type: 'event', event, payload }
// Decoding never throws: any other JSON (null, arrays, numbers, wrong field types) is reported
// as a message for an invalid_input answer.

export type DecodedFrame = { ok: true; id: number; channel: string; input: unknown } | { ok: false; id: number; message: string };

export function decodeClientFrame(text: string): DecodedFrame {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return { ok: false, id: -1, message: 'message is not valid JSON' };
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
    return { ok: false, id: -1, message: "expected a JSON object { type: 'request', id, channel, input }" };
  }
  const m = msg as { type?: unknown; id?: unknown; channel?: unknown; input?: unknown };
  const id = Number.isSafeInteger(m.id) && (m.id as number) >= 0 ? (m.id as number) : -1;
  if (m.type !== 'request' || id < 0 || typeof m.channel !== 'string') {
    return { ok: false, id, message: "expected { type: 'request', id: non-negative integer, channel: string, input }" };
  }
  return { ok: true, id, channel: m.channel, input: m.input };
}

export const encodeResponse = (id: number, result: unknown): string => JSON.stringify({ type: 'response', id, result });
export const encodeEvent = (event: string, payload: unknown): string => JSON.stringify({ type: 'event', event, payload });
