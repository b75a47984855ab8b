// Streaming gzip inflation with caps checked as the output grows: a total size, and a ratio to the
// compressed bytes read so far (after some slack, as small inputs compress unevenly). A small file
// that inflates enormously is refused after about a megabyte, never held in memory or written out.
// Used by run bundles (export/bundle-format.ts) and dataset imports (datasets/sources/); callers
// word the refusal and map zlib's own errors to their messages.
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export interface InflationCaps {
  maxBytes: number;
  maxRatio: number;
  /** Output below this many bytes is never refused for its ratio. */
  ratioSlackBytes: number;
}

/** The inflated chunks of `input`; throws `refuse('size' | 'ratio')` once a cap is passed. */
export async function* gunzipBounded(
  input: Readable,
  compressedRead: () => number,
  caps: InflationCaps,
  refuse: (cap: 'size' | 'ratio') => Error,
  chunkSize = 64 * 1024,
): AsyncGenerator<Buffer> {
  const gunzip = createGunzip({ chunkSize });
  input.on('error', (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  let inflated = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > caps.maxBytes) throw refuse('size');
      if (inflated > caps.ratioSlackBytes && inflated > caps.maxRatio * compressedRead()) throw refuse('ratio');
      yield chunk;
    }
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}
