// Request handlers of the `runs:*` and `models:*` channels.
import type { Handlers } from '../dispatch';
import { demoTable, queueDemo } from '../demo-service';
import { MODEL_REGISTRY } from '../../training/core/models/registry';
import type { ModelInfo } from '../../../shared/types';
import type { HandlerContext } from './context';

type RunChannels = 'demo:start' | 'demo:table' | 'runs:list' | 'runs:get' | 'runs:start' | 'runs:cancel' | 'runs:resume' | 'runs:metrics' | 'runs:logs' | 'models:list';

const modelInfo = (): ModelInfo[] =>
  [...MODEL_REGISTRY.values()].map((s) => ({ name: s.name, description: s.description, params: 0, taps: [] }));

export function runsHandlers({ runs, db }: HandlerContext): Pick<Handlers, RunChannels> {
  return {
    'models:list': () => modelInfo(),
    'demo:start': (opts) => queueDemo(runs, { epochs: opts?.epochs, trainSamples: opts?.trainSamples }),
    'demo:table': ({ ids }) => demoTable(db, ids),
    'runs:list': (filter) => runs.list(filter),
    'runs:get': ({ id }) => runs.get(id),
    'runs:start': (config) => runs.start(config),
    'runs:cancel': ({ id }) => runs.cancel(id),
    'runs:resume': ({ id }) => runs.resume(id),
    'runs:metrics': ({ id, keys }) => runs.metrics(id, keys),
    'runs:logs': ({ id, limit }) => runs.logs(id, limit),
  };
}
