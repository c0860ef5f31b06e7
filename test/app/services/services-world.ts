// Services in a fresh temp profile, called the way every transport calls them (dispatch), for the services tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../../../app/contract/dispatch.js';
import { createServices, type RunningServices, type ServicesOptions } from '../../../app/services/index.js';

export interface ServicesWorld {
  dir: string;
  profile: string;
  running: RunningServices;
  /** One service method through dispatch; a failed Result throws "method: code: message". */
  call<T>(method: string, input?: unknown): Promise<T>;
  /** Locks the services and removes the temp folder. */
  cleanup(): Promise<void>;
}

export async function servicesWorld(name: string, options: Omit<ServicesOptions, 'profile'> = {}): Promise<ServicesWorld> {
  const dir = await mkdtemp(join(tmpdir(), `sealmail-${name}-`));
  const profile = join(dir, 'profile');
  const running = createServices({ profile, ...options });
  return {
    dir,
    profile,
    running,
    async call<T>(method: string, input?: unknown): Promise<T> {
      const result = await dispatch(running.services, method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
      return result.value as T;
    },
    async cleanup() {
      running.lock();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
