// Words the console's components share, in both languages.
import type { Lang } from '../../lib/i18n';
import { defineMessages } from '../../lib/i18n';

export const shared = defineMessages({
  steps: { en: 'Procedure checklist', zh: '处置步骤清单' },
  progress: { en: '{done} of {total} done', zh: '已完成 {done}/{total}' },
  progressLabel: { en: 'Checklist progress', zh: '清单进度' },
  safety: { en: 'Safety rules: must be followed', zh: '安全规程：必须遵守' },
  team: { en: 'Responsible team', zh: '责任班组' },
});

/** The text of a bilingual knowledge item in the reader's language, falling back to the other one. */
export const pick = (lang: Lang, zh: string, en: string): string => (lang === 'en' ? en || zh : zh || en).trim();

/** Evidence node names come as "中文 / English": the part in the reader's language. */
export const evidenceName = (lang: Lang, name: string): string => {
  const at = name.indexOf(' / ');
  if (at < 0) return name;
  return pick(lang, name.slice(0, at), name.slice(at + 3));
};
