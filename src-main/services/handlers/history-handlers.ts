// Request handlers of the history, queue, sweep and export channels (experiment UI).
import { RunConfigSchema } from '../../../shared/schemas/run-config';
import type { Handlers } from '../dispatch';
import { expandSweep } from '../sweep';
import type { HandlerContext } from './context';

type HistoryChannels =
  | 'runs:query'
  | 'runs:update'
  | 'runs:archive'
  | 'runs:delete'
  | 'runs:metricKeys'
  | 'runs:series'
  | 'runs:report'
  | 'runs:attention'
  | 'runs:sweep'
  | 'queue:list'
  | 'queue:reorder'
  | 'export:model'
  | 'export:metrics'
  | 'export:bundle'
  | 'import:bundle';

export function historyHandlers({ history, exports, runs }: HandlerContext): Pick<Handlers, HistoryChannels> {
  return {
    'runs:query': (q) => history.query(q),
    'runs:update': (u) => history.update(u),
    'runs:archive': ({ ids, archived }) => history.archive(ids, archived),
    'runs:delete': ({ ids }) => history.delete(ids),
    'runs:metricKeys': (input) => history.metricKeys(input?.ids),
    'runs:series': ({ ids, keys, maxPoints }) => history.series(ids, keys, maxPoints),
    'runs:report': ({ id }) => history.report(id),
    'runs:attention': ({ id, samples }) => exports.attention(id, samples),
    'runs:sweep': (grid) => {
      const configs = expandSweep(grid).map((c) => RunConfigSchema.parse(c));
      configs.forEach((c) => runs.validate(c)); // every grid point first: a sweep with a bad point queues no run
      const started = configs.map((c) => runs.start(c));
      history.emitQueue();
      return started;
    },
    'queue:list': () => history.queue(),
    'queue:reorder': ({ ids }) => history.reorder(ids),
    'export:model': ({ id, dir, format }) => exports.exportModel(id, dir, format),
    'export:metrics': ({ ids, format }) => exports.exportMetrics(ids, format),
    'export:bundle': ({ id, file }) => exports.exportBundle(id, file),
    'import:bundle': ({ file }) => exports.importBundle(file),
  };
}
