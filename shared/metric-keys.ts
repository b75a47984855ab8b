// The metric keys every run records (training/core/train-loop.ts writes them; the history,
// charts, compare, CLI and exports read them), named once so a typo is a type error.
//   per step:   train/loss, train/batch_acc, lr, throughput, loss/<term>, loss_w/<term>
//   per epoch:  train/acc, train/epoch_loss, val/loss, val/acc, val/top5, epoch_time
//   at the end: final/agreement; with a test split, test/loss, test/acc, test/top5 (the final
//               model) and best/epoch, best/val_acc, best/test_acc (the epoch best on validation)
export const METRIC = {
  trainLoss: 'train/loss',
  trainBatchAcc: 'train/batch_acc',
  lr: 'lr',
  throughput: 'throughput',
  trainAcc: 'train/acc',
  trainEpochLoss: 'train/epoch_loss',
  valLoss: 'val/loss',
  valAcc: 'val/acc',
  valTop5: 'val/top5',
  epochTime: 'epoch_time',
  finalAgreement: 'final/agreement',
  testLoss: 'test/loss',
  testAcc: 'test/acc',
  testTop5: 'test/top5',
  bestValAcc: 'best/val_acc',
  bestEpoch: 'best/epoch',
  bestTestAcc: 'best/test_acc',
} as const;

export type MetricKey = (typeof METRIC)[keyof typeof METRIC];
