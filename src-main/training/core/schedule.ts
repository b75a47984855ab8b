// Learning-rate schedules as pure functions of the epoch (docs/methods.md "Training"):
// step decay ×0.1 at 62.5 %, 75 % and 87.5 % of the epochs, or cosine annealing.

export type ScheduleName = 'step' | 'cosine' | 'constant';

/** lr for a 0-based `epoch` of `epochs`. */
export function learningRateAt(schedule: ScheduleName, baseLr: number, epoch: number, epochs: number): number {
  if (schedule === 'constant') return baseLr;
  if (schedule === 'cosine') return 0.5 * baseLr * (1 + Math.cos((Math.PI * epoch) / epochs));
  const milestones = [0.625, 0.75, 0.875].map((f) => Math.round(f * epochs));
  const passed = milestones.filter((m) => m > 0 && epoch >= m).length;
  return baseLr * 0.1 ** passed;
}
