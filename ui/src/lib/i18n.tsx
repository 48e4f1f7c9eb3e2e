// Chinese and English: each module declares its own messages with both languages side by side
// (defineMessages), so a missing translation is a type error, not a blank on screen.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'en' | 'zh';
export interface Message {
  en: string;
  zh: string;
}
export const defineMessages = <K extends string>(messages: Record<K, Message>): Record<K, Message> => messages;

type Vars = Record<string, string | number>;
const fill = (text: string, vars?: Vars): string =>
  vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : text;

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(message: Message, vars?: Vars): string;
}
const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'plinth.lang';

const initialLang = (): Lang => {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'zh') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
};

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    window.localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (m, vars) => fill(m[lang], vars) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** Numbers and dates in the user's language. */
export function useFormat() {
  const { lang } = useI18n();
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  return useMemo(
    () => ({
      number: (n: number, digits = 0) =>
        new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n),
      dateTime: (iso: string) =>
        new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
      bytes: (n: number) => {
        const units = ['B', 'KB', 'MB', 'GB', 'TB'];
        let i = 0;
        while (n >= 1024 && i < units.length - 1) {
          n /= 1024;
          i += 1;
        }
        return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
      },
    }),
    [locale],
  );
}
