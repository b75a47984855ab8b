// WorkerSpawner over Electron's utilityProcess: fork options, message and exit plumbing.
import { describe, expect, it } from 'vitest';
import { createUtilitySpawner } from '../../../src-main/shell/utility-spawner';
import type { WorkerMessage } from '../../../src-main/training/worker/protocol';
import { FakeUtilityProcess } from '../../helpers/fake-electron';

function spawnOne() {
  const utilityProcess = new FakeUtilityProcess();
  const spawn = createUtilitySpawner(utilityProcess, { PATH: '/usr/bin', HOME: '/home/u' });
  const handle = spawn('/app/out/main/worker.js', {
    serviceName: 'Distill Studio run r1',
    env: { TF_FORCE_GPU_ALLOW_GROWTH: 'true', PATH: '/opt/cuda/bin' },
  });
  const { child, ...fork } = utilityProcess.forks[0]!;
  return { handle, child, fork };
}

describe('createUtilitySpawner', () => {
  it('forks the entry with the service name, merged env and piped output', () => {
    const { handle, fork, child } = spawnOne();
    expect(fork).toEqual({
      modulePath: '/app/out/main/worker.js',
      args: [],
      options: {
        serviceName: 'Distill Studio run r1',
        env: { HOME: '/home/u', PATH: '/opt/cuda/bin', TF_FORCE_GPU_ALLOW_GROWTH: 'true' },
        stdio: 'pipe',
      },
    });
    expect(handle.pid).toBe(child.pid);
  });

  it('posts supervisor messages and delivers worker messages', () => {
    const { handle, child } = spawnOne();
    const received: WorkerMessage[] = [];
    handle.onMessage((m) => received.push(m));
    handle.send({ type: 'cancel' });
    expect(child.posted).toEqual([{ type: 'cancel' }]);
    const log: WorkerMessage = { type: 'log', level: 'info', message: 'backend: cpu' };
    child.emit('message', log);
    expect(received).toEqual([log]);
  });

  it('reports the exit code once to every listener, including ones added after the exit', () => {
    const { handle, child } = spawnOne();
    const early: [number | null, string | null][] = [];
    handle.onExit((code, signal) => early.push([code, signal]));
    child.emit('exit', 3);
    child.emit('exit', 3); // a second event must not be reported twice
    const late: [number | null, string | null][] = [];
    handle.onExit((code, signal) => late.push([code, signal]));
    expect(early).toEqual([[3, null]]);
    expect(late).toEqual([[3, null]]);
  });

  it('reports a kill it asked for as a signal, and kills only once', () => {
    const { handle, child } = spawnOne();
    const exits: [number | null, string | null][] = [];
    handle.onExit((code, signal) => exits.push([code, signal]));
    handle.kill();
    handle.kill();
    expect(child.killCalls).toBe(1);
    child.emit('exit', 15);
    expect(exits).toEqual([[null, 'SIGTERM']]);
    handle.kill();
    expect(child.killCalls).toBe(1);
  });

  it('does not post to a process that has exited', () => {
    const { handle, child } = spawnOne();
    child.emit('exit', 0);
    handle.send({ type: 'cancel' });
    expect(child.posted).toEqual([]);
  });

  it('reads stdout and stderr as text and hands them to output listeners', async () => {
    const { handle, child } = spawnOne();
    const output: [string, string][] = [];
    handle.onOutput!((stream, text) => output.push([stream, text]));
    child.stdout.write('loading tfjs-node\n');
    child.stderr.write(Buffer.from('libcudart.so.11.0: cannot open shared object file\n'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(output).toEqual([
      ['stdout', 'loading tfjs-node\n'],
      ['stderr', 'libcudart.so.11.0: cannot open shared object file\n'],
    ]);
  });

  it('drains output even when nobody listens, so the worker never blocks on a full pipe', async () => {
    const { child } = spawnOne();
    child.stdout.write('x'.repeat(1 << 20));
    child.stderr.write('y'.repeat(1 << 20));
    await new Promise((resolve) => setImmediate(resolve));
    expect(child.stdout.readableFlowing).toBe(true);
    expect(child.stdout.readableLength).toBe(0);
    expect(child.stderr.readableLength).toBe(0);
  });
});
