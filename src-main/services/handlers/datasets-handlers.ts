// Request handlers of the `datasets:*` channels. The import service lives as long as the handlers
// (it tracks running imports so they can be cancelled by id).
import type { Handlers } from '../dispatch';
import { DatasetImports } from '../dataset-imports';
import { datasetDetail, datasetSamples, deleteDatasetById, listAllDatasets } from '../datasets-service';
import type { HandlerContext } from './context';

type DatasetChannels =
  'datasets:list' | 'datasets:get' | 'datasets:import' | 'datasets:cancelImport' | 'datasets:detect' | 'datasets:delete' | 'datasets:samples';

export function datasetsHandlers(ctx: HandlerContext): Pick<Handlers, DatasetChannels> {
  const imports = new DatasetImports({ db: ctx.db, dataDir: ctx.dataDir, events: ctx.events });
  return {
    'datasets:list': () => listAllDatasets(ctx.db),
    'datasets:get': ({ id }) => datasetDetail(ctx.db, id),
    'datasets:import': (input) => imports.import(input),
    'datasets:cancelImport': ({ importId }) => imports.cancel(importId),
    'datasets:detect': ({ path }) => imports.detect(path),
    'datasets:delete': ({ id, force }) => {
      const result = deleteDatasetById(ctx.db, ctx.dataDir, id, force);
      ctx.events.emit('datasets:changed', { datasets: listAllDatasets(ctx.db) });
      return result;
    },
    'datasets:samples': (input) => datasetSamples(ctx.db, input),
  };
}
