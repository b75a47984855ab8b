import { describe, expect, it } from 'vitest';
import { configToYaml, yamlToConfig } from '../../../../src-renderer/lib/form/config-yaml';
import { configToForm } from '../../../../src-renderer/lib/form/form-config';
import { defaultMethodForm, defaultRunForm, validateRunForm } from '../../../../src-renderer/lib/form/run-form';

describe('YAML ↔ form sync', () => {
  const form = {
    ...defaultRunForm(),
    kind: 'distill' as const,
    datasetId: 'mnist-demo',
    model: 'cnn',
    teacherRunId: 'teacher-1',
    methods: { ...defaultRunForm().methods, kd: { ...defaultMethodForm('kd'), enabled: true, weight: '0.9', options: { temperature: '4' } } },
    seeds: '1, 2, 3',
  };

  it('writes the form as YAML and reads it back to the same form', () => {
    const { candidate, seeds } = validateRunForm(form);
    const yaml = configToYaml(candidate, seeds);
    expect(yaml).toContain('kind: distill');
    expect(yaml).toContain('temperature: 4');
    expect(yaml).toMatch(/seeds:\n\s+- 1\n\s+- 2\n\s+- 3/);
    const parsed = yamlToConfig(yaml);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const back = configToForm(parsed.config).form;
    expect(back).toEqual({ ...form });
  });

  it('says which pasted keys the form leaves out, with the key probably meant', () => {
    const parsed = yamlToConfig('datasetId: mnist-demo\nmodel: cnn\nepoch: 3\nseeds: [1, 2]\noptimizer: { learningrate: 0.1 }\n');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(configToForm(parsed.config).notes).toEqual([
      "epoch: unknown key; did you mean 'epochs'? (the form leaves it out)",
      "optimizer.learningrate: unknown key; did you mean 'learningRate'? (the form leaves it out)",
    ]);
  });

  it('applies an edit made in the YAML to the form', () => {
    const { candidate } = validateRunForm(form);
    const edited = configToYaml(candidate).replace('epochs: 5', 'epochs: 12').replace('temperature: 4', 'temperature: 8');
    const parsed = yamlToConfig(edited);
    if (!parsed.ok) throw new Error(parsed.error);
    const back = configToForm(parsed.config).form;
    expect(back.epochs).toBe('12');
    expect(back.methods.kd!.options.temperature).toBe('8');
  });

  it('reads JSON config files too', () => {
    const parsed = yamlToConfig('{"kind": "teacher", "datasetId": "d", "model": "resnet8", "epochs": 3}');
    expect(parsed.ok && parsed.config.model).toBe('resnet8');
  });

  it('explains YAML errors with their line', () => {
    const bad = yamlToConfig('kind: distill\nepochs: [1,\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/line \d+/);
    expect(yamlToConfig('- a\n- b\n')).toEqual({ ok: false, error: expect.stringMatching(/mapping/) });
    expect(yamlToConfig('')).toEqual({ ok: false, error: 'the file is empty' });
    expect(yamlToConfig('seeds: [1, x]\n').ok).toBe(false);
  });
});
