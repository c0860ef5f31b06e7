// Holds the current language for the whole UI and keeps the document's lang attribute on it (fonts, screen readers).
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nContext } from './context.js';
import { translator, type Language } from './translate.js';

export function LanguageProvider({ initial, children }: { initial: Language; children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(initial);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(() => ({ language, setLanguage, t: translator(language) }), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
