// Request handlers of the `runs:*` and `models:*` channels.
import type { Handlers } from '../dispatch';
import { demoTable, queueDemo } from '../demo-service';
import { listModels } from '../../training/core/models/catalog';
import { requireDataset } from '../datasets-service';
import { MNIST_DEMO_ID } from '../../datasets/mnist-demo';
import type { HandlerContext } from './context';

type RunChannels =
  | 'demo:start'
  | 'demo:table'
  | 'runs:list'
  | 'runs:get'
  | 'runs:start'
  | 'runs:cancel'
  | 'runs:resume'
  | 'runs:metrics'
  | 'runs:logs'
  | 'runs:probe'
  | 'models:list';

export function runsHandlers({ runs, db, probeTerms }: HandlerContext): Pick<Handlers, RunChannels> {
  return {
    'models:list': (input) => {
      const d = input?.datasetId ? requireDataset(db, input.datasetId) : null;
      return listModels(d ? d.shape : [32, 32, 3], d ? d.numClasses : 10);
    },
    'demo:start': (opts) => {
      const dataset = requireDataset(db, opts?.datasetId ?? MNIST_DEMO_ID);
      return queueDemo(runs, dataset, { epochs: opts?.epochs, trainSamples: opts?.trainSamples, seed: opts?.seed, paperWeights: opts?.paperWeights });
    },
    'demo:table': ({ ids }) => demoTable(db, ids),
    'runs:list': (filter) => runs.list(filter),
    'runs:get': ({ id }) => runs.get(id),
    'runs:start': (config) => runs.start(config),
    'runs:probe': (config) => probeTerms(config),
    'runs:cancel': ({ id }) => runs.cancel(id),
    'runs:resume': ({ id }) => runs.resume(id),
    'runs:metrics': ({ id, keys }) => runs.metrics(id, keys),
    'runs:logs': ({ id, limit }) => runs.logs(id, limit),
  };
}
