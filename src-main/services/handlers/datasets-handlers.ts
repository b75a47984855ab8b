// Request handlers of the `datasets:*` channels.
import type { Handlers } from '../dispatch';
import { listAllDatasets, requireDataset } from '../datasets-service';
import type { HandlerContext } from './context';

export function datasetsHandlers(ctx: HandlerContext): Pick<Handlers, 'datasets:list' | 'datasets:get'> {
  return {
    'datasets:list': () => listAllDatasets(ctx.db),
    'datasets:get': ({ id }) => {
      const { path: _path, ...summary } = requireDataset(ctx.db, id);
      return summary;
    },
  };
}
