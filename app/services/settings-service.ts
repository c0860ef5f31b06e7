// User settings, kept in the vault as one JSON entry (encrypted like every other secret of the profile).
import type { SettingsService } from '../contract/services.js';
import type { Settings } from '../contract/views.js';
import type { ServiceRuntime } from './runtime.js';

const ENTRY = 'settings';
// Autocrypt's prefer-encrypt=mutual is the user's own wish to state (Level 1 section 2.1.1): off until they opt in.
export const DEFAULT_SETTINGS: Settings = { defaultSign: true, defaultEncrypt: true, passphraseCacheMinutes: 30, language: 'en', autocryptPreferEncrypt: 'nopreference' };

export function readSettings(runtime: ServiceRuntime): Settings {
  const text = runtime.need().mail.vault.getText(ENTRY);
  if (text === undefined) return { ...DEFAULT_SETTINGS };
  // Unknown or missing fields fall back to the defaults, so an older profile keeps working.
  const stored = JSON.parse(text) as Partial<Settings>;
  return { ...DEFAULT_SETTINGS, ...stored };
}

export function settingsService(runtime: ServiceRuntime): SettingsService {
  return {
    async get() {
      return readSettings(runtime);
    },
    async set(changes) {
      const next: Settings = { ...readSettings(runtime), ...changes };
      await runtime.need().mail.vault.set(ENTRY, JSON.stringify(next));
      runtime.cacheMinutes = next.passphraseCacheMinutes;
      return next;
    },
  };
}
