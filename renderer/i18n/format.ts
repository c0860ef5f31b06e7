// Dates and sizes in the words and order of the current language.
import type { Language, Translate } from './translate.js';
import { LOCALES } from './translate.js';

export function formatDate(iso: string | null, language: Language): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(LOCALES[language]);
}

export function formatSize(bytes: number, t: Translate): string {
  if (bytes < 1024) return t('size.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return t('size.kb', { n: (bytes / 1024).toFixed(1) });
  return t('size.mb', { n: (bytes / 1024 / 1024).toFixed(1) });
}
