// The one way any transport calls a service: argument check against the schema, then the call, always ending in a Result.
import { isSealmailError } from '../../crypto/errors.js';
import { failure, ok, type Result } from './result.js';
import { CONTRACT } from './schemas.js';
import type { SealmailServices } from './services.js';

/**
 * `method` is "service.method". Unknown methods and arguments that fail their schema become
 * 'bad-request'; a SealmailError becomes its code and one-line message; anything else is 'internal'
 * with a fixed message, so no stack, path or secret ever reaches the renderer.
 */
export async function dispatch(services: SealmailServices, method: unknown, input: unknown): Promise<Result<unknown>> {
  if (typeof method !== 'string') return failure('bad-request', 'the method name is missing');
  const [service, name, extra] = method.split('.');
  const schemas = Object.hasOwn(CONTRACT, service ?? '') ? (CONTRACT[service as keyof typeof CONTRACT] as Record<string, unknown>) : undefined;
  const schema = schemas !== undefined && extra === undefined && Object.hasOwn(schemas, name ?? '') ? schemas[name as string] : undefined;
  if (schema === undefined) return failure('bad-request', `there is no method ${method.slice(0, 80)}`);
  const parsed = (schema as { safeParse(v: unknown): { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }).safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') || 'the arguments';
    return failure('bad-request', `${method}: ${where} ${issue?.message ?? 'are not valid'}`);
  }
  const target = (services as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[service as string];
  try {
    return ok(await (target?.[name as string] as (input: unknown) => Promise<unknown>).call(target, parsed.data));
  } catch (e) {
    if (isSealmailError(e)) return failure(e.code, e.message);
    return failure('internal', `${method} failed unexpectedly`);
  }
}
