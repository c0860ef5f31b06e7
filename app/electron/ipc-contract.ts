// The IPC side of the contract, without Electron: one channel per method, and the sender check before dispatch().
import { dispatch } from '../contract/dispatch.js';
import { failure, type Result } from '../contract/result.js';
import type { SealmailServices } from '../contract/services.js';
import { isTrustedSender, type SenderFrame } from './trust.js';

/** Every channel name starts so; the preload builds the same names (test/app/electron/preload.test.ts checks). */
export const CHANNEL_PREFIX = 'sealmail:';
/** The one channel service events are pushed to the renderer on. */
export const EVENT_CHANNEL = 'sealmail:event';

export const channelOf = (method: string): string => `${CHANNEL_PREFIX}${method}`;

/**
 * One IPC call: refused unless it comes from the main frame of our own UI (never the mail iframe,
 * never another origin); then the same dispatch() every transport uses, which validates the input.
 */
export async function handleContractCall(services: SealmailServices, method: string, sender: SenderFrame | null, input: unknown): Promise<Result<unknown>> {
  if (!isTrustedSender(sender)) return failure('forbidden', 'this call did not come from the Sealmail window');
  return dispatch(services, method, input);
}
