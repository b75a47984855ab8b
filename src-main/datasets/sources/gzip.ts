// gzip input: recognising it by its magic bytes (not by the file name), inflating a whole file
// with a running cap (import-limits.ts: total size and ratio, so a small bomb is refused after
// about a megabyte), and turning zlib's terse errors into "<file>: truncated (the gzip data ends
// early)" or "<file>: damaged gzip data (incorrect data check)".
import { Readable } from 'node:stream';
import { badInput, firstLine } from '../import-errors';
import { gunzipBounded } from '../../bounded-gunzip';
import { inflationCaps, inflationRefused } from '../import-limits';

export const isGzip = (head: Uint8Array): boolean => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** Maps a zlib failure on `file` to a clear bad-input error (other errors pass through). */
export function gzipFailure(e: unknown, file: string): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code ?? '';
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(firstLine(e))) {
    return badInput(file, 'truncated (the gzip data ends early)');
  }
  if (code.startsWith('Z_') || code === 'ERR_BUFFER_TOO_LARGE') return badInput(file, `damaged gzip data (${firstLine(e)})`);
  return e;
}

const SLICE = 64 * 1024;

/** Inflates `data` when it is gzip (streamed, bounded), else returns it unchanged. */
export async function maybeGunzip(data: Buffer, file: string): Promise<Buffer> {
  if (!isGzip(data)) return data;
  let fed = 0;
  const input = Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += SLICE) {
        fed = Math.min(data.length, at + SLICE);
        yield data.subarray(at, fed);
      }
    })(),
  );
  const parts: Buffer[] = [];
  try {
    for await (const chunk of gunzipBounded(
      input,
      () => fed,
      inflationCaps(),
      (cap) => inflationRefused(file, cap),
      SLICE,
    ))
      parts.push(chunk);
  } catch (e) {
    throw gzipFailure(e, file);
  }
  return Buffer.concat(parts);
}
