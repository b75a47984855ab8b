// Checks of a run's terms against the models' taps, made before a run exists (runs-service.ts
// start, the CLI and sweeps through it, and the New run form), so a run that the worker would
// refuse is never queued. The rules follow what the engine does with a pair (training/core):
//   at, nst, hint  both taps must exist and be feature maps [H, W, C] (logits are for kd)
//   at, nst        any two sizes work: the larger map is average-pooled (integer ratio) or
//                  resized bilinearly to min(H_S, H_T) × min(W_S, W_T) (losses/align-spatial.ts)
//   hint           the FitNets adapter bridges equal sizes or a factor of 2 (term-forms.ts)
//   kd             teacher and student logits must count the same classes
// Tap shapes are [H, W, C] without the batch dimension ([K] for logits), as models:list reports.
import { METHODS, needsTaps } from './methods';
import { formatPath, type Term } from './schemas/run-config';
import { hintAdapterForm } from './term-forms';

/** A tap by name; `shape` is unknown for an imported teacher with names only. */
export interface CheckedTap {
  name: string;
  shape?: readonly number[];
}

/** One side of the pairs: what to call the model in messages and its taps (null: not known, not checked). */
export interface TapSide {
  model: string;
  taps: readonly CheckedTap[] | null;
}

export interface TermProblem {
  path: (string | number)[];
  message: string;
}

const isMap = (shape: readonly number[] | undefined) => shape === undefined || shape.length === 3;
const size = (shape: readonly number[]) => `${shape[0]}×${shape[1]}`;

function findTap(side: TapSide, name: string, path: (string | number)[], method: string, out: TermProblem[]): CheckedTap | null {
  if (!side.taps) return null;
  const names = side.taps.map((t) => t.name);
  const tap = side.taps.find((t) => t.name === name);
  if (!tap) {
    // the list, not a guess: 'stage4' is one edit from 'stage1' but hardly meant as it
    out.push({ path, message: `'${name}' is not a tap of ${side.model} (taps: ${names.join(', ')})` });
    return null;
  }
  if (name === 'logits' || !isMap(tap.shape)) {
    out.push({ path, message: `'${name}' of ${side.model} is not a feature map; ${method} pairs feature maps (kd uses the logits)` });
    return null;
  }
  return tap;
}

/** Every problem of `terms` for this teacher and student, each with the path of the field to fix. */
export function checkTerms(terms: readonly Term[], teacher: TapSide | null, student: TapSide): TermProblem[] {
  const out: TermProblem[] = [];
  terms.forEach((t, i) => {
    const consumes = METHODS[t.method].consumes;
    if (consumes === 'logits' && teacher?.taps && student.taps) {
      const k = (side: TapSide) => side.taps!.find((x) => x.name === 'logits')?.shape;
      const [kT, kS] = [k(teacher), k(student)];
      if (kT && kS && kT[0] !== kS[0]) {
        out.push({ path: ['terms', i], message: `${t.method} compares logits over the same classes: the teacher has ${kT[0]}, the student ${kS[0]}` });
      }
    }
    if (!needsTaps(METHODS[t.method]) || !t.teacherTap || !t.studentTap) return;
    const s = findTap(student, t.studentTap, ['terms', i, 'studentTap'], t.method, out);
    const te = teacher ? findTap(teacher, t.teacherTap, ['terms', i, 'teacherTap'], t.method, out) : null;
    if (consumes === 'adapted-maps' && s?.shape && te?.shape && !hintAdapterForm(s.shape, te.shape)) {
      out.push({
        path: ['terms', i],
        message: `${t.method} cannot map ${t.studentTap} (${size(s.shape)}) onto ${t.teacherTap} (${size(te.shape)}): a FitNet adapter bridges equal sizes or a factor of 2; pick closer taps`,
      });
    }
  });
  return out;
}

/** "terms[1].studentTap: 'stage4' is not a tap of cnn (taps: …)", one problem per clause. */
export function describeTermProblems(problems: readonly TermProblem[]): string {
  return problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join('; ');
}
