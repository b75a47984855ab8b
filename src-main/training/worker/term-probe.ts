// What each objective term will weigh when a run starts, before it is queued: the student at its
// seeded initialisation and the frozen teacher, on the first batches the run would train on (the
// seeded epoch-0 order, no augmentation), give every term's raw and weighted value
// (training/core/measure-terms.ts); the New run form shows their shares and warns when one swamps
// the rest.
import { readMeta, readSplit } from '../../datasets/shard-store';
import type { RunConfig } from '../../../shared/schemas/run-config';
import { buildHintAdapters } from '../core/hint-adapters';
import { measureTerms } from '../core/measure-terms';
import { buildModel } from '../core/models/registry';
import { effectiveTerms } from '../core/terms';
import { tapShapes } from '../core/training-state';
import type { DatasetHandle, TaskResults } from './protocol';
import { loadTeacher } from './teacher-loader';

export interface TermProbeTask {
  config: RunConfig;
  dataset: DatasetHandle;
  teacherRunDir?: string;
  teacherModelPath?: string;
}

export async function probeTerms(task: TermProbeTask): Promise<TaskResults['termProbe']> {
  const { config } = task;
  const meta = readMeta(task.dataset.dir);
  const train = { ...readSplit(task.dataset.dir, meta, 'train'), shape: meta.shape };
  const norm = { mean: meta.mean, std: meta.std };
  const teacher = task.teacherRunDir || task.teacherModelPath ? await loadTeacher({ runDir: task.teacherRunDir, modelPath: task.teacherModelPath }) : null;
  const built = buildModel(config.model, train.shape, meta.numClasses, config.seed);
  const student = { model: built.model, taps: built.taps };
  const terms = effectiveTerms(config.terms);
  const adapters = buildHintAdapters(terms, tapShapes(student), teacher ? tapShapes(teacher) : new Map(), config.seed);
  const { images, terms: values } = measureTerms({ config, terms, student, teacher, adapters, train, norm });
  adapters?.dispose();
  student.model.dispose();
  teacher?.model.dispose();
  const total = values.reduce((a, v) => a + Math.abs(v.weighted), 0);
  return { images, terms: values.map((v) => ({ ...v, share: total > 0 ? Math.abs(v.weighted) / total : 0 })) };
}
