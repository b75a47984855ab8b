// "Did you mean": the optimal-string-alignment distance, and which known name (if any) a typo
// is taken for.
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggest } from '../../../shared/suggest';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps as one edit each', () => {
    expect(editDistance('epoch', 'epochs')).toBe(1);
    expect(editDistance('epochs', 'epoch')).toBe(1);
    expect(editDistance('kernal', 'kernel')).toBe(1);
    expect(editDistance('temprature', 'temperature')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('ca', 'abc')).toBe(3); // restricted: no edit inside a swapped pair
  });
});

describe('suggest', () => {
  const keys = ['epochs', 'batchSize', 'maxTrainSamples', 'maxValSamples', 'learningRate', 'seed'];
  it('finds the key a typo was meant to be', () => {
    expect(suggest('epoch', keys)).toBe('epochs');
    expect(suggest('maxTrainSample', keys)).toBe('maxTrainSamples');
    expect(suggest('batchsize', keys)).toBe('batchSize');
    expect(suggest('learning_rate', keys)).toBe('learningRate');
    expect(suggest('seeds', keys)).toBe('seed');
  });
  it('picks the closest of several candidates', () => {
    expect(suggest('maxValSample', keys)).toBe('maxValSamples');
  });
  it('suggests nothing for a word that is not a near miss', () => {
    expect(suggest('lr', keys)).toBeNull();
    expect(suggest('dropout', keys)).toBeNull();
    expect(suggest('x', [])).toBeNull();
  });
});

describe('didYouMean', () => {
  it('names the suggestion, or lists what is allowed', () => {
    expect(didYouMean('epoch', ['epochs', 'seed'])).toBe("did you mean 'epochs'?");
    expect(didYouMean('dropout', ['epochs', 'seed'])).toBe('known keys: epochs, seed');
    expect(didYouMean('rbf', ['linear', 'poly'], 'kernels')).toBe('kernels: linear, poly');
    expect(didYouMean('anything', [])).toBe('none are allowed here');
  });
});
