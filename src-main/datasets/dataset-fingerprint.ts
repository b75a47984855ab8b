// The content fingerprint runs record: sha256 over the shape, the class names, the split names and
// every split's bytes (images, then labels, then coarse labels), splits in sorted order. Streaming,
// so the writer hashes shard by shard; datasets without coarse labels hash exactly as format 1 did.
import { createHash, type Hash } from 'node:crypto';
import type { SplitData } from './shard-layout';

export function startFingerprint(
  shape: readonly number[],
  classNames: readonly string[],
  splitNames: readonly string[],
  coarseClassNames?: readonly string[],
): Hash {
  const header: Record<string, unknown> = { shape, classNames, splits: [...splitNames].sort() };
  if (coarseClassNames) header.coarseClassNames = coarseClassNames;
  return createHash('sha256').update(JSON.stringify(header));
}

/** Fingerprint of in-memory splits (the writer computes the same value while it writes). */
export function fingerprintOf(
  shape: readonly number[],
  classNames: readonly string[],
  splits: Record<string, SplitData>,
  coarseClassNames?: readonly string[],
): string {
  const names = Object.keys(splits).sort();
  const h = startFingerprint(shape, classNames, names, coarseClassNames);
  for (const name of names) {
    const s = splits[name]!;
    h.update(s.images);
    h.update(s.labels);
    if (coarseClassNames && s.coarseLabels) h.update(s.coarseLabels);
  }
  return h.digest('hex');
}
