// The dataset store's public face: what a stored dataset is (shard-layout), how it is written
// (shard-writer: temp folder + rename) and read back (shard-reader). The training worker uses
// only readMeta/readSplit; importers go through the async staging in shard-writer.
import { stageDatasetSync, type ShardWriter } from './shard-writer';
import type { DatasetMeta, DatasetSource, SplitData } from './shard-layout';

export type { DatasetMeta, DatasetSource, SplitData } from './shard-layout';
export { channelStats, classCounts } from './dataset-stats';
export { fingerprintOf } from './dataset-fingerprint';
export { readMeta, readSamples, readSplit, readSplitLabels } from './shard-reader';

export interface WriteDatasetInput {
  id: string;
  name: string;
  format: string;
  shape: [number, number, number];
  classNames: string[];
  coarseClassNames?: string[];
  splits: Record<string, SplitData>; // must include 'train'
  source?: DatasetSource;
}

/** Writes the dataset to `<parentDir>/<id>` atomically (temp folder + rename). Returns its meta. */
export function writeDataset(parentDir: string, input: WriteDatasetInput, writer?: ShardWriter): DatasetMeta {
  const splits = Object.fromEntries(Object.entries(input.splits).map(([k, data]) => [k, { data }]));
  const staged = stageDatasetSync(parentDir, { ...input, splits }, { writer });
  return staged.commit({ id: input.id, name: input.name, format: input.format, source: input.source });
}
