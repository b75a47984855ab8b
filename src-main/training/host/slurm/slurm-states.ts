// Slurm job states and what they mean for a run. Slurm's base state names (as squeue, scontrol
// and sacct print them) map to: still going (waiting in the queue or training), or an ending
// that completes, fails, cancels or interrupts the run (a time limit or preemption without
// requeue: resumable from the last checkpoint).
export type JobPhase = 'waiting' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

const PHASES: Record<string, JobPhase> = {
  PENDING: 'waiting',
  CONFIGURING: 'waiting',
  REQUEUED: 'waiting',
  REQUEUE_HOLD: 'waiting',
  REQUEUE_FED: 'waiting',
  RESV_DEL_HOLD: 'waiting',
  SUSPENDED: 'waiting',
  STOPPED: 'waiting',
  RESIZING: 'running',
  RUNNING: 'running',
  COMPLETING: 'running',
  SIGNALING: 'running',
  STAGE_OUT: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  NODE_FAIL: 'failed',
  OUT_OF_MEMORY: 'failed',
  BOOT_FAIL: 'failed',
  DEADLINE: 'failed',
  SPECIAL_EXIT: 'failed',
  REVOKED: 'failed',
  CANCELLED: 'cancelled',
  TIMEOUT: 'interrupted',
  PREEMPTED: 'interrupted',
};

/** "CANCELLED by 0" and "RUNNING+" (a federated suffix) → their base state. */
export const baseState = (raw: string) => raw.trim().split(/[\s+]/)[0]!.toUpperCase();

export function phaseOf(state: string): JobPhase {
  return PHASES[baseState(state)] ?? 'running';
}

/** What a running run shows while its job waits: "pending on Slurm (Resources)"; null once it runs or ended. */
export function waitingText(state: string, reason: string | null): string | null {
  if (phaseOf(state) !== 'waiting') return null;
  return `${baseState(state).toLowerCase().replace(/_/g, ' ')} on Slurm${reason ? ` (${reason})` : ''}`;
}

export const isEnding = (phase: JobPhase) => phase !== 'waiting' && phase !== 'running';
