// Tap names of an imported TF.js teacher, read without tfjs: taps.json when present, else the
// outputs in model.json named the way the worker names them (teacher-loader.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importedTeacherTaps } from '../../../src-main/services/teacher-taps';
import { makeTempDir, removeTempDir } from '../../helpers/temp-dir';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeTempDir));

function modelFolder(modelJson: unknown, taps?: unknown): string {
  const dir = makeTempDir('distill-teacher-');
  dirs.push(dir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), typeof modelJson === 'string' ? modelJson : JSON.stringify(modelJson));
  if (taps !== undefined) writeFileSync(join(dir, 'taps.json'), JSON.stringify(taps));
  return join(dir, 'model.json');
}

describe('importedTeacherTaps', () => {
  it('reads taps.json written next to a Distill Studio model', () => {
    expect(importedTeacherTaps(modelFolder({ modelTopology: {} }, { outputs: ['logits', 'stage1', 'stage2'] }))).toEqual(['logits', 'stage1', 'stage2']);
  });

  it('names a functional model’s extra outputs by their layers, the first output being the logits', () => {
    const topology = {
      class_name: 'Model',
      config: {
        output_layers: [
          ['dense', 0, 0],
          ['block2', 0, 0],
          ['block3', 0, 0],
        ],
      },
    };
    expect(importedTeacherTaps(modelFolder({ modelTopology: topology }))).toEqual(['logits', 'block2', 'block3']);
    const converted = { model_config: { class_name: 'Functional', config: { output_layers: [['out', 0, 0]] } } };
    expect(importedTeacherTaps(modelFolder({ modelTopology: converted }))).toEqual(['logits']);
  });

  it('takes a Sequential model for logits only, and does not guess from unreadable files', () => {
    expect(importedTeacherTaps(modelFolder({ modelTopology: { class_name: 'Sequential', config: { layers: [] } } }))).toEqual(['logits']);
    expect(importedTeacherTaps(modelFolder('not json'))).toBeNull();
    expect(importedTeacherTaps(modelFolder({ weightsManifest: [] }))).toBeNull();
    expect(importedTeacherTaps(modelFolder({ modelTopology: {} }, { outputs: 'logits' }))).toBeNull();
  });
});
