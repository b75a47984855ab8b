// Time estimates for the run queue: runs start in queue order whenever one of `concurrency`
// training slots frees up; a running run frees its slot after its ETA; a queued run takes
// (images it will see) / (images per second measured for its model). Everything is approximate
// and says so; without any measured throughput there is no estimate (null), not a guess.

export interface EtaRunning {
  id: string;
  etaSeconds: number | null;
}

export interface EtaQueued {
  id: string;
  /** epochs × training samples. */
  images: number;
  /** Images per second measured for this run's model (or overall); null = unknown. */
  imagesPerSec: number | null;
}

export interface QueuedEta {
  id: string;
  startsIn: number | null;
  duration: number | null;
  finishesIn: number | null;
}

export interface QueueEta {
  queued: QueuedEta[];
  /** When the last run of the queue finishes; null when any part is unknown. */
  totalSeconds: number | null;
}

export function estimateQueue(running: readonly EtaRunning[], queued: readonly EtaQueued[], concurrency: number): QueueEta {
  const slots = Math.max(1, Math.floor(concurrency));
  // when each slot frees up; a running run with no ETA yet makes its slot's time unknown (null)
  const free: (number | null)[] = running.slice(0, slots).map((r) => (r.etaSeconds === null ? null : Math.max(0, r.etaSeconds)));
  while (free.length < slots) free.push(0);
  let total: number | null = running.length === 0 ? 0 : maxOrNull(free);
  const out: QueuedEta[] = [];
  for (const q of queued) {
    const known = free.filter((t): t is number => t !== null);
    const i = known.length > 0 ? free.indexOf(Math.min(...known)) : -1; // unknown slots count as later
    const duration = q.imagesPerSec && q.imagesPerSec > 0 ? q.images / q.imagesPerSec : null;
    if (i < 0) {
      out.push({ id: q.id, startsIn: null, duration, finishesIn: null });
      total = null;
      continue;
    }
    const startsIn = free[i]!;
    const finishesIn = duration === null ? null : startsIn + duration;
    out.push({ id: q.id, startsIn, duration, finishesIn });
    free[i] = finishesIn;
    if (finishesIn === null) total = null;
    else if (total !== null) total = Math.max(total, finishesIn);
  }
  if (free.some((t) => t === null)) total = null;
  return { queued: out, totalSeconds: total };
}

function maxOrNull(xs: readonly (number | null)[]): number | null {
  if (xs.some((x) => x === null)) return null;
  return Math.max(0, ...(xs as number[]));
}

/** Images a run will see: epochs × (maxTrainSamples capped by the training split). */
export function runImages(config: { epochs?: number; maxTrainSamples?: number }, trainSplit: number | undefined): number {
  const samples = Math.min(config.maxTrainSamples ?? Infinity, trainSplit ?? Infinity);
  return Number.isFinite(samples) ? (config.epochs ?? 1) * samples : 0;
}
