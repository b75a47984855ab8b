// `doctor`: prints which training backend a worker gets and why, the native install, thread
// counts, GPU driver/library findings, and each problem with the command that fixes it.
import { join } from 'node:path';
import { doctorReport, type DoctorReport } from '../../backends/native-setup/doctor-report';
import { mb } from '../../backends/native-setup/setup-progress';
import { printJson } from '../output';

function describe(r: DoctorReport): string {
  const lines: string[] = [];
  const w = r.worker;
  if (w.ok && w.worker) {
    lines.push(`backend:        ${w.worker.name} (${w.worker.package})`);
    lines.push(`why:            ${w.worker.reason}`);
  } else lines.push(`backend:        none: ${w.error}`);
  if (w.worker?.native) {
    const n = w.worker.native;
    lines.push(`TensorFlow:     ${n.tfVersion}, ${n.intraOpThreads} intra-op / ${n.interOpThreads} inter-op threads`);
  }
  if (w.maxAbsDiff !== undefined)
    lines.push(`check:          conv2d/matMul within ${w.maxAbsDiff.toExponential(1)} of pure JS; GPU device: ${w.gpuDevice ? 'yes' : 'no'}`);
  if (w.rssBytes) lines.push(`worker memory:  ${mb(w.rssBytes)} after loading`);
  lines.push(`native folder:  ${r.nativeRoot}`);
  for (const variant of ['cpu', 'gpu'] as const) {
    const i = r.installs[variant];
    lines.push(
      `  ${variant} build:    ${i ? `TF ${i.manifest.tfVersion} at ${i.dir} (${mb(i.manifest.sizeBytes)}, built ${i.manifest.builtAt.slice(0, 10)})` : 'not installed'}`,
    );
  }
  lines.push(`libcuda.so.1:   ${r.gpu.libcuda ?? 'not found'}`);
  lines.push(`nvidia-smi:     ${r.gpu.nvidiaSmi ?? 'not available'}`);
  for (const lib of r.gpu.cudaLibs) lines.push(`  ${lib.name.padEnd(20)} ${lib.found ? 'found' : 'MISSING'}`);
  if (r.problems.length === 0) lines.push('\nno problems found');
  for (const p of r.problems) lines.push(`\nproblem: ${p.problem}\n  fix:   ${p.fix}`);
  return `${lines.join('\n')}\n`;
}

export async function doctorCommand(opts: { json?: boolean }): Promise<number> {
  const report = await doctorReport(join(__dirname, 'native-check.js'));
  if (opts.json) printJson(report);
  else process.stdout.write(describe(report));
  return report.worker.ok ? 0 : 1;
}
