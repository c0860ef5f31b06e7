// The languages of the UI and t(): a catalog entry with its {name} placeholders filled in, never re-scanning what was filled in.
import { en, type Catalog, type MessageKey } from './en.js';
import { ja } from './ja.js';

export type Language = 'en' | 'ja';
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export const LANGUAGES: readonly Language[] = ['en', 'ja'];

/** Each language named in itself, so a user who cannot read the current one still finds theirs. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ja: '日本語' };

/** The locale for dates and numbers in each language. */
export const LOCALES: Record<Language, string> = { en: 'en', ja: 'ja-JP' };

const CATALOGS: Record<Language, Catalog> = { en, ja };

export function translator(language: Language): Translate {
  const catalog = CATALOGS[language];
  return (key, params) =>
    catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) => (params && Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** The catalog key built from a code the services sent, or null when this UI has no words for that code (a newer service). */
export function catalogKey(key: string): MessageKey | null {
  return Object.hasOwn(en, key) ? (key as MessageKey) : null;
}

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'ja';
}

/** Before the settings can be read (the profile is locked), the browser's own language decides. */
export function languageFrom(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('ja')) return 'ja';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}
