// The New run form: inline validation, a distillation set up from a preset with layer pairs, the
// YAML view in sync both ways, config export/import, several seeds, and cloning a past run.
import { expect, it } from 'vitest';
import { download, shoot, testId } from '../support/browser';
import { e2e } from '../support/state';

const TEACHER_YAML = `kind: teacher
datasetId: mnist-demo
model: resnet8
epochs: 3
batchSize: 32
optimizer:
  name: adam
  learningRate: 0.001
`;

export function newRunSteps(): void {
  it('validates the New run form inline', async () => {
    const { page } = e2e;
    await page.click(testId('nav-new-run'));
    await page.locator(testId('new-run-form')).waitFor();
    await page.fill(testId('field-epochs'), '0');
    await page.locator(testId('field-epochs')).blur();
    expect(await page.locator(testId('error-epochs')).textContent()).toMatch(/≥ 1/);
    await page.fill(testId('field-learning-rate'), 'fast');
    await page.locator(testId('field-learning-rate')).blur();
    expect(await page.locator(testId('error-learningRate')).textContent()).toMatch(/number/);
    await page.fill(testId('field-seeds'), '1, x');
    await page.locator(testId('field-seeds')).blur();
    expect(await page.locator(testId('error-seeds')).textContent()).toMatch(/"x"/);
    await page.click(testId('start-run'));
    await page.locator(testId('form-invalid')).waitFor();
    expect(page.url()).toMatch(/#\/new/); // nothing started
  });

  it('sets up a distillation from a preset, with layer pairs and the YAML view in sync both ways', async () => {
    const { page } = e2e;
    await page.click(testId('nav-home')); // a fresh form (the previous test left wrong values)
    await page.click(testId('nav-new-run'));
    await page.click(testId('kind-distill'));
    await page.locator(testId('field-model')).selectOption('cnn');
    await page.locator(testId('field-teacher')).selectOption(e2e.demo.teacher);
    expect(await page.locator(testId('field-teacher')).locator('option:checked').textContent()).toMatch(/^demo · teacher .* · \d+\.\d%$/);
    expect(await page.locator(testId('model-info')).textContent()).toMatch(/params.*MACs/s);

    await page.click(testId('preset-kd+nst'));
    expect(await page.locator(testId('method-kd')).isChecked()).toBe(true);
    expect(await page.locator(testId('method-nst')).isChecked()).toBe(true);
    expect(await page.locator(testId('nst-kernel-line')).textContent()).toMatch(/Gram/);
    expect(await page.locator(testId('pair-row')).count()).toBe(1);
    // NST on cnn-wide → cnn at stage2: 2.0M extra MACs per image against a 2.98M student step
    // (3 × 1.03M forward, less the first conv's 0.11M image gradient: shared/term-cost.ts)
    await expect.poll(() => page.locator(testId('term-cost')).textContent()).toMatch(/≈ \+67 % over a plain student step \(NST stage2 14×14, 32\+64 channels/);
    const yaml = page.locator(testId('yaml-editor'));
    await expect.poll(() => yaml.inputValue()).toContain('method: nst');
    expect(await yaml.inputValue()).toContain('kernel: poly');
    expect(await yaml.inputValue()).toContain(`teacherRunId: ${e2e.demo.teacher}`);
    // how the three terms weigh at the start, computed by a worker before anything is queued
    const probe = page.locator(`${testId('term-probe')}[data-state="done"]`);
    await probe.waitFor({ timeout: 60_000 });
    const chips = probe.locator('.chip');
    expect((await chips.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-term')))).sort()).toEqual(['ce', 'kd', 'nst[stage2]']);
    expect(await chips.evaluateAll((cs) => cs.reduce((a, c) => a + Number(c.getAttribute('data-share')), 0))).toBeCloseTo(1, 3);
    // a new distill run balances its weights at its start by default; the probe line says so, and the config carries it
    expect(await page.locator(testId('field-balance-weights')).isChecked()).toBe(true);
    await probe.locator(testId('term-probe-balanced')).waitFor();
    expect(await yaml.inputValue()).toContain('balanceWeights: true');
    await page.click(testId('field-balance-weights'));
    await expect.poll(() => yaml.inputValue()).not.toContain('balanceWeights');
    expect(await probe.locator(testId('term-probe-balanced')).count()).toBe(0);
    await page.click(testId('field-balance-weights'));
    await expect.poll(() => yaml.inputValue()).toContain('balanceWeights: true');
    // balancing makes KD and NST each weigh as much as CE; the form's weights change, and the new probe says so
    const alphaBefore = await page.locator(testId('field-kd-alpha')).inputValue();
    await page.click(testId('term-probe-balance'));
    await expect.poll(() => page.locator(testId('field-kd-alpha')).inputValue()).not.toBe(alphaBefore);
    const balanced = page.locator(`${testId('term-probe')}[data-state="done"] .chip`);
    await expect
      .poll(async () => (await balanced.evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-share'))))).length, { timeout: 60_000 })
      .toBe(3);
    await expect
      .poll(async () => Math.max(...(await balanced.evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-share')))))), { timeout: 60_000 })
      .toBeLessThan(0.45);
    await page.click(testId('preset-kd+nst')); // back to the recipe's weights for the steps below

    // AT on every same-size pair; a mismatched pair is explained
    await page.click(testId('method-at'));
    await page.click(testId('pairs-suggest'));
    expect(await page.locator(testId('pair-row')).count()).toBe(2);
    expect(await page.locator(testId('pair-check')).first().getAttribute('data-level')).toBe('ok');
    await page.locator(testId('pair-student')).first().selectOption('stage2');
    expect(await page.locator(testId('pair-check')).first().textContent()).toMatch(/teacher map is average-pooled 2×/);
    await page.locator(testId('pair-student')).first().selectOption('stage1');

    // form → YAML: α maps to kd = α, ce = 1 − α
    await page.fill(testId('field-kd-alpha'), '0.8');
    await expect.poll(() => yaml.inputValue()).toMatch(/method: ce\n\s+weight: 0\.2/);
    expect(await yaml.inputValue()).toMatch(/method: kd\n\s+weight: 0\.8/);
    await page.click(testId('nst-kernel-gaussian'));
    await page.click(testId('nst-sigma2-fixed'));
    await page.fill(testId('field-nst-sigma2'), '0.5');
    await expect.poll(() => yaml.inputValue()).toContain('sigma2: 0.5');
    await shoot(page, 'new-run');

    // YAML → form
    await yaml.fill((await yaml.inputValue()).replace('temperature: 4', 'temperature: 3').replace(/epochs: \d+/, 'epochs: 7'));
    await expect.poll(() => page.locator(testId('field-kd-temperature')).inputValue()).toBe('3');
    expect(await page.locator(testId('field-epochs')).inputValue()).toBe('7');
    const good = await yaml.inputValue();
    await yaml.fill('kind: [distill\n');
    await page.locator(testId('yaml-error')).waitFor();
    expect(await page.locator(testId('yaml-error')).textContent()).toMatch(/line \d+/);
    await yaml.fill(good);
    await page.locator(testId('yaml-error')).waitFor({ state: 'detached' });
    await yaml.blur();

    // several seeds make a group
    await page.fill(testId('field-seeds'), '1, 2, 3');
    expect(await page.locator(testId('start-run')).textContent()).toMatch(/Start 3 runs/);

    // export the config file, then import another one
    const file = await download(page, () => page.click(testId('config-export')));
    expect(file.name).toMatch(/\.yaml$/);
    expect(file.text).toContain('kind: distill');
    expect(file.text).toMatch(/seeds:\n\s+- 1\n\s+- 2\n\s+- 3/);
    await page.locator(testId('config-file')).setInputFiles({ name: 'teacher.yaml', mimeType: 'text/yaml', buffer: Buffer.from(TEACHER_YAML) });
    await expect.poll(() => page.locator(testId('kind-teacher')).isChecked()).toBe(true);
    expect(await page.locator(testId('field-model')).inputValue()).toBe('resnet8');
    expect(await page.locator(testId('field-optimizer')).inputValue()).toBe('adam');
    expect(await page.locator(testId('field-epochs')).inputValue()).toBe('3');
  });

  it('clones a past run into the form', async () => {
    const { page } = e2e;
    await page.goto(`${e2e.server.url}#/runs/${encodeURIComponent(e2e.demo.kd)}`);
    await page.locator(testId('clone-run')).click();
    await page.locator(testId('clone-note')).waitFor();
    expect(await page.locator(testId('field-name')).inputValue()).toMatch(/KD .*\(copy\)$/);
    expect(await page.locator(testId('kind-distill')).isChecked()).toBe(true);
    expect(await page.locator(testId('method-kd')).isChecked()).toBe(true);
    expect(await page.locator(testId('field-kd-temperature')).inputValue()).toBe('4');
    await expect.poll(() => page.locator(testId('field-teacher')).inputValue()).toBe(e2e.demo.teacher);
    expect(await page.locator(testId('field-max-train-samples')).inputValue()).toBe(e2e.demoSamples); // the demo's budget
  });
}
