// A `reader` boot (services/boot.ts) answers every read but refuses requests that change the
// data folder or start work: those belong to the folder's owner, which may be running right now.
import { StudioFailure } from '../../shared/result';
import type { RequestChannel } from '../../shared/contract';
import type { Handlers } from './dispatch';

export const WRITE_CHANNELS: readonly RequestChannel[] = [
  'runs:start',
  'runs:cancel',
  'runs:resume',
  'runs:update',
  'runs:archive',
  'runs:delete',
  'runs:sweep',
  'demo:start',
  'queue:reorder',
  'import:bundle',
  'datasets:import',
  'datasets:cancelImport',
  'datasets:delete',
];

export function readOnlyHandlers(handlers: Handlers): Handlers {
  const guarded = { ...handlers } as Record<RequestChannel, unknown>;
  for (const channel of WRITE_CHANNELS) {
    guarded[channel] = () => {
      throw new StudioFailure(
        'conflict',
        `${channel}: this command opened the data folder read-only; use the app, \`serve\` or a CLI command that owns the folder`,
      );
    };
  }
  return guarded as Handlers;
}
