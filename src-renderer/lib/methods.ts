// How the renderer names methods and terms: one-line term labels for tables and legends, and the
// NST kernels' labels for the sweep dialog, all read from the method modules (shared/methods/).
import { NST, type NstKernel } from '../../shared/methods';

export type { NstKernel };

/** NST's kernels with their labels and one-line explanations (the kernel field of shared/methods/nst.ts). */
export const KERNEL_INFO = NST.fields.find((f) => f.option === 'kernel')!.choices as Readonly<Record<NstKernel, { label: string; line: string }>>;

/** One term as people write it: "kd 0.9 (T=4)", "nst[stage3] 50 (poly d=2)", "ce 0.1". */
export function termLabel(t: { method: string; weight: number; teacherTap?: string; studentTap?: string; options?: Record<string, number | string> }): string {
  const taps = t.teacherTap || t.studentTap ? (t.teacherTap === t.studentTap ? `[${t.teacherTap}]` : `[${t.teacherTap ?? '?'}→${t.studentTap ?? '?'}]`) : '';
  const opts = Object.entries(t.options ?? {}).map(([k, v]) => (k === 'kernel' ? String(v) : `${k === 'temperature' ? 'T' : k}=${v}`));
  return `${t.method}${taps} ${t.weight}${opts.length ? ` (${opts.join(' ')})` : ''}`;
}
