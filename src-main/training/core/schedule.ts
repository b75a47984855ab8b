// Learning-rate schedules as pure functions of the epoch (docs/methods.md "Training"):
// step decay ×0.1 at 62.5 %, 75 % and 87.5 % of the epochs (150, 180, 210 of 240, the CIFAR
// recipe), or cosine annealing. On short runs the rounded milestones would coincide (3 epochs:
// 2, 2, 3, two decays at once); each milestone is kept at least one epoch after the previous
// one, and milestones at or past the last epoch are never reached: 3 epochs decay once, at 2.

export type ScheduleName = 'step' | 'cosine' | 'constant';

/** lr for a 0-based `epoch` of `epochs`. */
export function learningRateAt(schedule: ScheduleName, baseLr: number, epoch: number, epochs: number): number {
  if (schedule === 'constant') return baseLr;
  if (schedule === 'cosine') return 0.5 * baseLr * (1 + Math.cos((Math.PI * epoch) / epochs));
  const passed = stepMilestones(epochs).filter((m) => epoch >= m).length;
  return baseLr * 0.1 ** passed;
}

/** The 0-based epochs at which the step schedule decays, strictly increasing, all before `epochs`. */
export function stepMilestones(epochs: number): number[] {
  const out: number[] = [];
  for (const f of [0.625, 0.75, 0.875]) {
    const m = Math.max(Math.round(f * epochs), (out.at(-1) ?? 0) + 1);
    if (m < epochs) out.push(m);
  }
  return out;
}

/** One line for the run log: what the schedule does over this run. */
export function describeSchedule(schedule: ScheduleName, baseLr: number, epochs: number): string {
  if (schedule === 'constant') return `lr ${baseLr} throughout`;
  if (schedule === 'cosine') return `lr ${baseLr} annealed by cosine over ${epochs} epochs`;
  const m = stepMilestones(epochs);
  return m.length
    ? `lr ${baseLr}, ×0.1 from epoch${m.length > 1 ? 's' : ''} ${m.map((e) => e + 1).join(', ')}`
    : `lr ${baseLr} (a 1-epoch run has no room to decay)`;
}
