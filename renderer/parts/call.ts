// Runs one service call and turns every way it can fail (an error Result, a broken transport) into one line for the user.
import { createContext, useContext } from 'react';
import type { Result, SealmailApi } from '../../app/contract/index.js';

export const ApiContext = createContext<SealmailApi | null>(null);

export function useApi(): SealmailApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('The Sealmail services are not connected.');
  return api;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

/** Never rejects: a transport that throws is reported like an error Result. */
export async function call<T>(request: Promise<Result<T>>): Promise<Outcome<T>> {
  try {
    const result = await request;
    return result.ok ? { ok: true, value: result.value } : { ok: false, message: oneLine(result.error.message) || result.error.code };
  } catch (e) {
    return { ok: false, message: `The connection to the Sealmail services failed: ${oneLine(e instanceof Error ? e.message : String(e))}` };
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
