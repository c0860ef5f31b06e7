// The one shape check every JSON input starts with: profile files, directory answers, browser-target messages.

/** A parsed JSON value that is an object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
