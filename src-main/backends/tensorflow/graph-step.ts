// Whole training steps as one TensorFlow graph on the native backend. tfjs-node runs every op
// eagerly, each paying 10–30 µs of dispatch in JS and TensorFlow's eager runtime; a small model's
// step is hundreds of such ops, so it runs at a fraction of the arithmetic's speed. Here a step is
// recorded while it runs eagerly (op-trace.ts); once two consecutive records of one key agree, the
// record becomes a SavedModel that tfjs-node's binding loads into a TF session (whose Grappler
// pass also folds constants and fuses ops), and the step's next call is checked against the
// eager step on the same state. From then on each step is one TF_SessionRun: batch and variables
// in, read-back values and new variable values out.
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EagerStep, StepGraphs } from '../../training/core/step-graphs';
import { encodeSavedModel } from './graph-proto';
import type { NodeBackend } from './node-backend';
import { recordOps, type OpRecord } from './op-trace';

/** Keys remembered; past this, those without a graph are forgotten (a schedule's old rates). */
const MAX_KEYS = 64;
/** Consecutive records of a key that may disagree before its steps stay eager. */
const MAX_RECORDS = 4;
/** How far a graph's values may lie from the eager step's (its fused ops round differently). */
const ABS_TOL = 1e-4;
const REL_TOL = 1e-3;

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();

const tensorName = (name: string) => (name.includes(':') ? name : `${name}:0`);

/** A recorded step loaded as a TF session. */
class CompiledStep {
  readonly id: number;
  private readonly feedNames: string;
  private readonly fetchNames: string;

  constructor(
    private readonly backend: NodeBackend,
    readonly record: OpRecord,
  ) {
    const dir = mkdtempSync(join(tmpdir(), 'distill-step-'));
    try {
      writeFileSync(join(dir, 'saved_model.pb'), encodeSavedModel(record.nodes, 'serve'));
      this.id = backend.binding.loadSavedModel(dir, 'serve');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    this.feedNames = record.feeds.map((f) => tensorName(f.name)).join(',');
    this.fetchNames = [...record.reads, ...record.updates.map((u) => u.tensor)].map(tensorName).join(',');
  }

  /** Runs the graph: the read-back tensors, then each update's new value. */
  run(inputs: readonly tf.Tensor[]): { reads: tf.Tensor[]; updates: tf.Tensor[] } {
    const ids = this.backend.getInputTensorIds(this.record.feeds.map((f) => ('input' in f.source ? inputs[f.source.input]! : f.source.variable)));
    const out = this.backend.binding.runSavedModel(this.id, ids, this.feedNames, this.fetchNames).map((m) => this.backend.createOutputTensor(m));
    return { reads: out.slice(0, this.record.reads.length), updates: out.slice(this.record.reads.length) };
  }

  commit(updates: readonly tf.Tensor[]): void {
    this.record.updates.forEach((u, i) => u.variable.assign(updates[i]!));
  }

  dispose(): void {
    try {
      this.backend.binding.deleteSavedModel(this.id);
    } catch {
      // already gone: nothing left to release
    }
  }
}

interface Entry {
  key: string;
  last: OpRecord | null;
  records: number;
  graph: CompiledStep | null;
  checked: boolean;
  /** Why this key's steps stay eager. */
  off: string | null;
}

/**
 * Whether graph values match eager ones. With `counts`, two integers may differ by one: a count of
 * hits flips when a fused op's rounding reorders two logits that tie to float32 precision.
 */
export function valuesAgree(got: ArrayLike<number>, want: ArrayLike<number>, counts = false): boolean {
  if (got.length !== want.length) return false;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (counts && Number.isInteger(g) && Number.isInteger(w) && Math.abs(g - w) <= 1) continue;
    if (Number.isNaN(w) ? !Number.isNaN(g) : !(Math.abs(g - w) <= ABS_TOL + REL_TOL * Math.abs(w))) return false;
  }
  return true;
}

export class NativeStepGraphs implements StepGraphs {
  private readonly entries = new Map<string, Entry>();
  private readonly loaded: string[] = [];

  private readonly noted = new Set<string>();
  onNote?: (message: string) => void;
  /** Steps run as a graph (a check against the eager step counts as eager). */
  replayed = 0;

  /**
   * `maxGraphs`: graphs kept loaded at once, the oldest released past it. A worker trains one run,
   * whose keys change with the learning rate and the last short batch: a few suffice.
   */
  constructor(
    private readonly backend: NodeBackend,
    private readonly maxGraphs = 4,
  ) {}

  step(key: string, inputs: readonly tf.Tensor[], eager: () => EagerStep, accept: (read: Float32Array) => boolean): Float32Array {
    let e = this.entries.get(key);
    if (!e) {
      if (this.entries.size >= MAX_KEYS) for (const [k, old] of this.entries) if (!old.graph) this.entries.delete(k);
      this.entries.set(key, (e = { key, last: null, records: 0, graph: null, checked: false, off: null }));
    }
    if (e.off) return eager().read;
    if (!e.graph) return this.recordStep(e, inputs, eager);
    let out: ReturnType<CompiledStep['run']>;
    try {
      out = e.graph.run(inputs);
    } catch (err) {
      // a session that fails (memory, a changed shape) costs the graph, never the run
      this.turnOff(e, `its graph failed (${firstLine(err)})`);
      return eager().read;
    }
    return e.checked ? this.replay(e.graph, out, accept) : this.check(e, out, eager);
  }

  private replay(graph: CompiledStep, { reads, updates }: ReturnType<CompiledStep['run']>, accept: (read: Float32Array) => boolean): Float32Array {
    this.replayed++;
    const read = reads[0]!.dataSync() as Float32Array;
    if (accept(read)) graph.commit(updates);
    tf.dispose([...reads, ...updates]);
    return read;
  }

  /** The graph's first step, against the eager step from the same state: keep it only if they agree. */
  private check(e: Entry, { reads, updates }: ReturnType<CompiledStep['run']>, eager: () => EagerStep): Float32Array {
    const graph = e.graph!;
    const graphRead = reads[0]!.dataSync();
    const result = eager();
    const agree =
      valuesAgree(graphRead, result.read, true) &&
      (!result.complete || graph.record.updates.every((u, i) => valuesAgree(updates[i]!.dataSync(), u.variable.dataSync())));
    tf.dispose([...reads, ...updates]);
    if (agree) e.checked = true;
    else this.turnOff(e, 'its compiled graph disagreed with the eager step');
    return result.read;
  }

  private recordStep(e: Entry, inputs: readonly tf.Tensor[], eager: () => EagerStep): Float32Array {
    const outcome = recordOps(this.backend, inputs, eager);
    if ('refused' in outcome) {
      this.turnOff(e, outcome.refused);
      return outcome.value.read;
    }
    if (!outcome.value.complete) return outcome.value.read;
    e.records++;
    if (e.last?.signature === outcome.record.signature && outcome.record.reads.length === 1) {
      try {
        e.graph = new CompiledStep(this.backend, outcome.record);
        this.loaded.push(e.key);
        this.release();
      } catch (err) {
        this.turnOff(e, `TensorFlow did not load its graph (${firstLine(err)})`);
      }
      e.last = null;
    } else if (e.records >= MAX_RECORDS) {
      this.turnOff(e, 'its ops differ from one step to the next');
    } else {
      e.last = outcome.record;
    }
    return outcome.value.read;
  }

  private turnOff(e: Entry, why: string): void {
    if (e.graph) this.loaded.splice(this.loaded.indexOf(e.key), 1);
    e.graph?.dispose();
    Object.assign(e, { graph: null, last: null, off: why });
    if (this.noted.has(why)) return;
    this.noted.add(why);
    this.onNote?.(`training steps run op by op, not as one TensorFlow graph: ${why}`);
  }

  private release(): void {
    while (this.loaded.length > this.maxGraphs) {
      const e = this.entries.get(this.loaded.shift()!);
      if (!e) continue;
      e.graph?.dispose();
      Object.assign(e, { graph: null, checked: false, records: 0 });
    }
  }

  dispose(): void {
    for (const e of this.entries.values()) e.graph?.dispose();
    this.entries.clear();
    this.loaded.length = 0;
  }
}
