// The bundled demo (10,000 MNIST digits from the `mnist` package) as an importer, so a deleted
// demo can be brought back with `datasets import --format mnist-demo`. It keeps its id and its
// fixed seeded splits, so it comes back with the same fingerprint its runs recorded.
import { MNIST_DEMO_ID, mnistDemoDataset } from '../mnist-demo';
import type { ImportedData, Importer } from '../import-types';

export const mnistDemoImporter: Importer = {
  format: 'mnist-demo',
  label: 'bundled MNIST demo',
  detect: async () => null, // chosen explicitly, never detected from a path
  async read(_path, _options, ctx): Promise<ImportedData> {
    ctx.progress(0, 'reading the bundled digits');
    const demo = mnistDemoDataset();
    ctx.progress(1, 'read the bundled digits');
    return {
      shape: demo.shape,
      classNames: demo.classNames,
      splits: { train: demo.splits.train!, val: demo.splits.val!, test: demo.splits.test! },
      description: 'the bundled MNIST demo (10,000 digits: train 5,998, val 2,000, test 2,002)',
      suggestedName: demo.name,
      fixedId: MNIST_DEMO_ID,
    };
  },
};
