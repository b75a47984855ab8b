// Small helpers over in-memory splits: joining the parts read from several files (in a fixed
// order, so an archive and its extracted files give the same dataset), and yielding to the event
// loop during long synchronous work so progress events and cancel requests get through.
import type { SplitData } from './shard-layout';

export function concatSplits(parts: readonly SplitData[], sampleBytes: number): SplitData {
  const count = parts.reduce((n, p) => n + p.count, 0);
  if (parts.length === 1) return parts[0]!;
  const images = new Uint8Array(count * sampleBytes);
  const labels = new Uint8Array(count);
  const withCoarse = parts.length > 0 && parts.every((p) => p.coarseLabels);
  const coarse = withCoarse ? new Uint8Array(count) : undefined;
  let at = 0;
  for (const p of parts) {
    images.set(p.images.subarray(0, p.count * sampleBytes), at * sampleBytes);
    labels.set(p.labels.subarray(0, p.count), at);
    if (coarse) coarse.set(p.coarseLabels!.subarray(0, p.count), at);
    at += p.count;
  }
  return coarse ? { images, labels, count, coarseLabels: coarse } : { images, labels, count };
}

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
