// Every example config in examples/ is a valid run config, and each distillation preset example
// uses taps that both its teacher and its student have.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunConfig } from '../../../src-main/cli/load-config';
import { describeModel } from '../../../src-main/training/core/models/catalog';

const dir = join(__dirname, '..', '..', '..', 'examples');
const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));

describe('examples/', () => {
  it('has a config for every preset', () => {
    for (const preset of ['kd', 'at', 'nst-poly', 'nst-linear', 'nst-gaussian', 'kd-nst', 'fitnet']) expect(files).toContain(`${preset}.yaml`);
  });

  it.each(files)('%s validates and pairs existing taps', (file) => {
    const cfg = loadRunConfig(join(dir, file));
    expect(cfg.datasetId).toBe('mnist-demo');
    const student = describeModel(cfg.model, [28, 28, 1], 10).taps.map((t) => t.name);
    const teacher = describeModel('resnet8', [28, 28, 1], 10).taps.map((t) => t.name);
    for (const t of cfg.terms) {
      if (t.studentTap) expect(student).toContain(t.studentTap);
      if (t.teacherTap) expect(teacher).toContain(t.teacherTap);
    }
  });
});
