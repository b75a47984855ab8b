// tfjs's customGrad saves tensors for the backward pass as a positional list; this keeps them by
// name instead, so a gradient reads `kept.side.invT`, not `saved[6]`, and adding a tensor cannot
// shift the others. Entries are tensors or one level of named groups of tensors; the layout is
// fixed when saving and captured by the reader.
import * as tf from '@tensorflow/tfjs';

type Entry = tf.Tensor | Readonly<Record<string, tf.Tensor>>;

/**
 * Saves `tensors` through `save` and returns the reader the gradient function calls on the list
 * tfjs hands back: the same record, tensor for tensor.
 */
export function saveNamed<R extends Record<string, Entry>>(save: tf.GradSaveFunc, tensors: R): (saved: tf.Tensor[]) => R {
  const layout: Array<[string, string | null]> = [];
  const flat: tf.Tensor[] = [];
  for (const [name, entry] of Object.entries(tensors)) {
    if (entry instanceof tf.Tensor) {
      layout.push([name, null]);
      flat.push(entry);
    } else {
      for (const [key, t] of Object.entries(entry)) {
        layout.push([name, key]);
        flat.push(t);
      }
    }
  }
  save(flat);
  return (saved) => {
    if (saved.length !== layout.length) throw new Error(`expected ${layout.length} saved tensors, got ${saved.length}`);
    const out: Record<string, Entry> = {};
    for (const name of Object.keys(tensors)) if (!(tensors[name] instanceof tf.Tensor)) out[name] = {};
    layout.forEach(([name, key], i) => {
      if (key === null) out[name] = saved[i]!;
      else (out[name] as Record<string, tf.Tensor>)[key] = saved[i]!;
    });
    return out as R;
  };
}
