// Is a process (an owner of the data folder, a training worker, the maker of a staging folder)
// still alive, and is it still the same process? A PID alone can be reused after a reboot or inside
// a container, so on Linux the process start time from /proc/<pid>/stat is recorded next to the PID
// and compared as well.
import { readFileSync } from 'node:fs';

/** True when a process with this PID exists (EPERM: it exists but belongs to another user). */
export function pidExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The kernel's start time of a process (clock ticks since boot, field 22 of /proc/<pid>/stat), or
 * null where /proc is not available (macOS, Windows). Only used to tell a reused PID apart.
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** A recorded process is alive when its PID exists and, where both are known, its start time matches. */
export function sameProcessAlive(pid: number, startTime: string | null | undefined): boolean {
  if (!pidExists(pid)) return false;
  if (!startTime) return true;
  const now = processStartTime(pid);
  return now === null || now === startTime;
}
