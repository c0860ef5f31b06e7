// Runs one service call and turns every way it can fail (an error Result, a broken transport) into a Problem for the user.
import { createContext, useContext } from 'react';
import type { Result, SealmailApi } from '../../app/contract/index.js';
import type { Problem } from '../i18n/errors.js';

export type { Problem };

export const ApiContext = createContext<SealmailApi | null>(null);

export function useApi(): SealmailApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('The Sealmail services are not connected.');
  return api;
}


/** Lets an error line offer "unlock again" when the services say the keys are locked. */
export const RelockContext = createContext<(() => void) | null>(null);

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/** Never rejects: a transport that throws is reported like an error Result, under the code 'services'. */
export async function call<T>(request: Promise<Result<T>>): Promise<Outcome<T>> {
  try {
    const result = await request;
    return result.ok ? { ok: true, value: result.value } : { ok: false, problem: { code: result.error.code, detail: oneLine(result.error.message) } };
  } catch (e) {
    return { ok: false, problem: { code: 'services', detail: oneLine(e instanceof Error ? e.message : String(e)) } };
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
