// Timing of one synchronous call for the benchmarks: wall clock and this process's CPU time
// (user + system). On a shared machine the wall clock also counts the time other processes
// hold the cores; CPU time counts only this process's work, so benchmarks report both.

export interface Timing {
  /** Milliseconds of wall clock. */
  wall: number;
  /** Milliseconds of CPU time of this process (all its threads). */
  cpu: number;
}

export function timeOnce(fn: () => void): Timing {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}
