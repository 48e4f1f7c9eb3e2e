import { SegmentedControl } from '@mantine/core';
import { useI18n, type Lang } from '../lib/i18n';

export function LanguageSwitch() {
  const { lang, setLang } = useI18n();
  return (
    <SegmentedControl
      size="xs"
      aria-label={lang === 'zh' ? '界面语言' : 'Interface language'}
      value={lang}
      onChange={(value) => setLang(value as Lang)}
      data={[
        { value: 'zh', label: '中文' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}
