// Memory at a realistic size (the case): NST on a [64, 32, 32, 64] student/teacher pair
// must never create a tensor of B·C·C·HW values (what a [B, C, C, HW] broadcast would need:
// 64·64·64·1024 floats = 1 GiB). tf.profile records every kernel's output shape and the engine's
// byte count after each kernel. Forward at full size; the gradient at batch 8 (same shapes per
// image, kept small for the 2-core pure-JS backend).
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nstLoss, type NstOptions } from '../../../../../src-main/training/core/losses';
import { reluFeatures, useTestBackend } from './helpers';

useTestBackend();

const [B, H, W, C] = [64, 32, 32, 64];
const BROADCAST_VALUES = B * C * C * H * W; // 268,435,456 values, 1 GiB in float32
const INPUT_VALUES = B * H * W * C; // 4,194,304 values, 16 MiB

/** Peak bytes held beyond what existed before `run` (inputs excluded), and the largest tensor made. */
async function profile(run: () => tf.Tensor): Promise<{ extraPeakBytes: number; largest: number }> {
  const baseline = tf.memory().numBytes;
  const info = await tf.profile(run);
  tf.dispose(info.result);
  const largest = Math.max(...info.kernels.flatMap((k) => k.outputShapes.map((shape) => shape.reduce((a, b) => a * b, 1))));
  return { extraPeakBytes: info.peakBytes - baseline, largest };
}

describe('NST memory on a [64, 32, 32, 64] pair', () => {
  let student: tf.Tensor4D;
  let teacher: tf.Tensor4D;
  beforeAll(() => {
    student = reluFeatures([B, H, W, C], 1, [3]);
    teacher = reluFeatures([B, H, W, C], 2);
  });
  afterAll(() => tf.dispose([student, teacher]));

  const kernels: NstOptions[] = [{ kernel: 'poly' }, { kernel: 'gaussian' }];
  for (const opts of kernels) {
    it(`${opts.kernel}: no tensor larger than the inputs, peak far below one B·C·C·HW tensor`, async () => {
      const forward = await profile(() => nstLoss(student, teacher, opts));
      expect(forward.largest).toBeLessThanOrEqual(INPUT_VALUES);
      // Measured about 50 MB (poly) and 58 MB (gaussian) of engine bytes, reshape views included.
      expect(forward.extraPeakBytes).toBeLessThan((BROADCAST_VALUES * 4) / 8);

      const [s8, t8] = [tf.slice(student, 0, 8), tf.slice(teacher, 0, 8)];
      const backward = await profile(() => tf.grad((x: tf.Tensor) => nstLoss(x as tf.Tensor4D, t8, opts))(s8));
      expect(backward.largest).toBeLessThanOrEqual(INPUT_VALUES / 8);
      // The tape keeps the forward intermediates: about 16 input-sized tensors' worth (≈ 34–40 MB),
      // against 128 MiB for one [8, C, C, HW] tensor.
      expect(backward.extraPeakBytes).toBeLessThan((8 * C * C * H * W * 4) / 2);
      tf.dispose([s8, t8]);
    }, 180_000);
  }
});
