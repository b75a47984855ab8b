// gzip input: recognising it by its magic bytes (not by the file name), inflating a whole file,
// and turning zlib's terse errors into "<file>: truncated (the gzip data ends early)" or
// "<file>: damaged gzip data (incorrect data check)".
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { badInput, firstLine } from '../import-errors';

const gunzipAsync = promisify(gunzip);

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

/** Inflates `data` when it is gzip, else returns it unchanged. */
export async function maybeGunzip(data: Buffer, file: string): Promise<Buffer> {
  if (!isGzip(data)) return data;
  try {
    return await gunzipAsync(data);
  } catch (e) {
    throw gzipFailure(e, file);
  }
}
