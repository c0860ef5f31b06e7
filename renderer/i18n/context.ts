// The current language for React: useI18n() gives t() and the language; without a provider it is English.
import { createContext, useContext } from 'react';
import { translator, type Language, type Translate } from './translate.js';

export interface I18n {
  language: Language;
  t: Translate;
  setLanguage: (language: Language) => void;
}

export const I18nContext = createContext<I18n>({ language: 'en', t: translator('en'), setLanguage: () => undefined });

export function useI18n(): I18n {
  return useContext(I18nContext);
}
