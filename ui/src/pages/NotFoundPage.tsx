import { NotFound } from '../components/PageState';
import { defineMessages, useI18n } from '../lib/i18n';

const m = defineMessages({ page: { en: 'page', zh: '页面' } });

export function NotFoundPage() {
  const { t } = useI18n();
  return <NotFound what={t(m.page)} />;
}
