// A config file with a misspelt key is refused with the key meant and its line, before anything
// reaches the service (src-main/cli/load-config.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunConfig } from '../../../src-main/cli/load-config';
import { CliError } from '../../../src-main/cli/output';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs('distill-load-config-');

function refusal(yaml: string): CliError {
  const file = join(tempDir(), 'c.yaml');
  writeFileSync(file, yaml);
  try {
    loadRunConfig(file);
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('the config was accepted');
}

describe('loadRunConfig', () => {
  it('names a misspelt key, the key meant and its line; exit code 2', () => {
    const e = refusal('kind: student\ndatasetId: mnist-demo\nmodel: cnn\nepoch: 3\n');
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/c\.yaml: invalid run config: epoch: unknown key; did you mean 'epochs'\? \(line 4\)$/);
  });

  it('gives the line of a nested field, and of a term option', () => {
    expect(refusal('datasetId: d\nmodel: cnn\noptimizer:\n  learningrate: 0.1\n').message).toMatch(
      /optimizer\.learningrate: unknown key; did you mean 'learningRate'\? \(line 4\)$/,
    );
    const terms = 'datasetId: d\nmodel: cnn\nkind: distill\nteacherRunId: t\nterms:\n  - method: kd\n    weight: 1\n    options: { temperature: -1 }\n';
    expect(refusal(terms).message).toMatch(/terms\[0\]\.options\.temperature: .* \(line 8\)$/);
  });

  it('still accepts a valid file', () => {
    const file = join(tempDir(), 'ok.yaml');
    writeFileSync(file, 'datasetId: d\nmodel: cnn\nepochs: 3\n');
    expect(loadRunConfig(file).epochs).toBe(3);
  });
});
