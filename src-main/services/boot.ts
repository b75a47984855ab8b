// Composition of the services (transport-agnostic): opens the store, recovers from a crash,
// registers the bundled demo dataset, starts the run queue. Filled in by the services work.
import type { BootOptions, StudioServices } from './studio-services';

export async function bootServices(options: BootOptions): Promise<StudioServices> {
  void options;
  throw new Error('bootServices: not implemented yet');
}
