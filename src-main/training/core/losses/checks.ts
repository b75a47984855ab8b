// Input checks shared by the loss functions. A wrong shape fails here, before any op runs, with a
// message that names the loss, the tensors and their shapes and says what to do, instead of a
// broadcasting error from deep inside tfjs.
import * as tf from '@tensorflow/tfjs';

/** Thrown for unusable loss inputs or options (shape, dtype, value, unknown name). */
export class LossInputError extends Error {
  override readonly name = 'LossInputError';
}

/** `[2, 8, 8, 16]` */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Throw unless `t` has the given rank; `layout` describes the expected axes, e.g. "[B, H, W, C]". */
export function expectRank(loss: string, what: string, t: tf.Tensor, rank: number, layout: string): void {
  if (t.rank !== rank) {
    throw new LossInputError(`${loss}: ${what} must be rank ${rank} ${layout}, got shape ${shapeText(t.shape)}`);
  }
}

/** Throw unless `t` holds floating-point values. */
export function expectFloat(loss: string, what: string, t: tf.Tensor): void {
  if (t.dtype !== 'float32') {
    throw new LossInputError(`${loss}: ${what} must be float32, got ${t.dtype}`);
  }
}

/** Throw unless the two tensors have the same batch size (axis 0). */
export function expectSameBatch(loss: string, a: [string, tf.Tensor], b: [string, tf.Tensor]): void {
  if (a[1].shape[0] !== b[1].shape[0]) {
    throw new LossInputError(`${loss}: ${a[0]} and ${b[0]} batch sizes differ (${a[1].shape[0]} vs ${b[1].shape[0]})`);
  }
}

/**
 * Checks for a (student, teacher) pair of NHWC feature maps compared position by position:
 * rank 4, float32, same batch and same H×W (channels may differ).
 */
export function expectFeaturePair(loss: string, student: tf.Tensor, teacher: tf.Tensor): void {
  expectRank(loss, 'student', student, 4, '[B, H, W, C]');
  expectRank(loss, 'teacher', teacher, 4, '[B, H, W, C]');
  expectFloat(loss, 'student', student);
  expectFloat(loss, 'teacher', teacher);
  expectSameBatch(loss, ['student', student], ['teacher', teacher]);
  const [, hS, wS] = student.shape;
  const [, hT, wT] = teacher.shape;
  if (hS !== hT || wS !== wT) {
    throw new LossInputError(`${loss}: student and teacher spatial sizes differ (${hS}×${wS} vs ${hT}×${wT}); ` + 'align them first with alignSpatial');
  }
}

/** Throw unless `value` is a finite number satisfying `ok`; `rule` says what is allowed. */
export function expectNumber(loss: string, name: string, value: number, ok: (v: number) => boolean, rule: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new LossInputError(`${loss}: ${name} must be ${rule} (got ${String(value)})`);
  }
}
