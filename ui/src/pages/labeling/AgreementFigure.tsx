// A project's agreement as its measure names it ("Cohen’s κ 0.62"), or why there is none yet.
import { Text } from '@mantine/core';
import { useI18n, type Message } from '../../lib/i18n';
import { m } from './messages';

export interface Agreement {
  measure: string;
  value?: number | null;
  tasksCompared: number;
  pairs: number;
}

export function AgreementFigure({ agreement }: { agreement: Agreement }) {
  const { t } = useI18n();
  const measure = (m as Record<string, Message>)[agreement.measure] ?? { en: agreement.measure, zh: agreement.measure };
  if (agreement.value === null || agreement.value === undefined || agreement.tasksCompared === 0)
    return (
      <Text data-testid="project-agreement" data-measure={agreement.measure} data-value="">
        {t(measure)}: {t(m.agreementNone)}
      </Text>
    );
  return (
    <Text data-testid="project-agreement" data-measure={agreement.measure} data-value={agreement.value}>
      <Text span fw={700} size="lg" data-testid="project-agreement-value">
        {/* Always two decimals: 0.80 reads as a measured figure, 0.8 as a rounded one. */}
        {t(measure)} {agreement.value.toFixed(2)}
      </Text>{' '}
      <Text span size="sm">
        {t(m.agreementOver, { tasks: agreement.tasksCompared, pairs: agreement.pairs })}
      </Text>
    </Text>
  );
}
