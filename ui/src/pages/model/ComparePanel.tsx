// Two versions side by side: numeric metrics with their difference (second − first) and what differs
// in their signatures. The pair lives in the URL (?compare=1,2) so a comparison can be linked.
import { useState } from 'react';
import { Alert, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { PageLoader, ErrorState } from '../../components/PageState';
import type { ModelPageModelQuery } from '../../gql/graphql';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { m } from './messages';
import { chartable, compareMetrics, diffSignatures, shapeText } from './metrics';
import { MetricsChart } from './MetricsChart';
import { ModelPageVersion } from './queries';

type Version = NonNullable<ModelPageModelQuery['model']>['versions'][number];

export function ComparePanel({
  versions,
  picked,
  onPick,
}: {
  versions: Version[];
  picked: [string, string] | null;
  onPick(a: string | null, b: string | null): void;
}) {
  const { t } = useI18n();
  const options = [
    { value: '', label: t(m.choose) },
    ...[...versions].reverse().map((v) => ({ value: v.id, label: `v${v.version}` })),
  ];
  const [a, b] = picked ?? ['', ''];
  return (
    <section aria-labelledby="model-compare">
      <Title order={2} id="model-compare" mb="xs">
        {t(m.compare)}
      </Title>
      {versions.length < 2 ? (
        <Text c="gray.7">{t(m.compareNeedsTwo)}</Text>
      ) : (
        <Stack gap="md">
          <CompareForm key={`${a},${b}`} options={options} a={a} b={b} onPick={onPick} />
          {picked && (
            <Comparison a={versions.find((v) => v.id === picked[0])!} b={versions.find((v) => v.id === picked[1])!} />
          )}
        </Stack>
      )}
    </section>
  );
}

function CompareForm({
  options,
  a,
  b,
  onPick,
}: {
  options: { value: string; label: string }[];
  a: string;
  b: string;
  onPick(a: string | null, b: string | null): void;
}) {
  const { t } = useI18n();
  // One pick alone stays here; the pair goes to the URL once both are chosen.
  const [first, setFirst] = useState(a);
  const [second, setSecond] = useState(b);
  const pick = (nextA: string, nextB: string) => {
    setFirst(nextA);
    setSecond(nextB);
    if (nextA && nextB) onPick(nextA, nextB);
  };
  return (
    <Group align="flex-end">
      <NativeSelect
        label={t(m.compareA)}
        data={options}
        value={first}
        onChange={(e) => pick(e.currentTarget.value, second)}
      />
      <NativeSelect
        label={t(m.compareB)}
        data={options}
        value={second}
        onChange={(e) => pick(first, e.currentTarget.value)}
      />
      {a && b && (
        <Button variant="default" onClick={() => onPick(null, null)}>
          {t(m.clearCompare)}
        </Button>
      )}
    </Group>
  );
}

function Comparison({ a, b }: { a: Version; b: Version }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const rows = compareMetrics(a.metrics, b.metrics);
  const va = useGql(ModelPageVersion, { id: a.id });
  const vb = useGql(ModelPageVersion, { id: b.id });
  const na = `v${a.version}`;
  const nb = `v${b.version}`;
  const value = (n: number | null) => (n === null ? '–' : fmt.number(n, 4));
  return (
    <Stack gap="md" data-testid="comparison">
      <Title order={3}>{t(m.metricsSideBySide)}</Title>
      {rows.length === 0 ? (
        <Text c="gray.7">{t(m.noMetrics)}</Text>
      ) : (
        <Group align="flex-start" grow>
          <MetricsChart
            title={`${t(m.metricsSideBySide)}: ${na} / ${nb}`}
            data={chartable(rows, (r) => [r.a, r.b]).map((r) => ({ name: r.name, a: r.a, b: r.b }))}
            series={[
              { key: 'a', name: na, color: '#1c7ed6' },
              { key: 'b', name: nb, color: '#e8590c' },
            ]}
          />
          <Table data-testid="compare-metrics">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t(m.metric)}</Table.Th>
                <Table.Th>{na}</Table.Th>
                <Table.Th>{nb}</Table.Th>
                <Table.Th>{t(m.difference)}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.name}>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td>{value(r.a)}</Table.Td>
                  <Table.Td>{value(r.b)}</Table.Td>
                  <Table.Td>{r.diff === null ? '–' : `${r.diff > 0 ? '+' : ''}${fmt.number(r.diff, 4)}`}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Group>
      )}
      <Title order={3}>{t(m.signatureDiff)}</Title>
      {va.error || vb.error ? (
        <ErrorState error={(va.error ?? vb.error)!} />
      ) : !va.data || !vb.data ? (
        <PageLoader />
      ) : !va.data.modelVersion || !vb.data.modelVersion ? (
        <Alert color="yellow">{t(m.modelVersion)}</Alert>
      ) : (
        <SignatureDiff
          a={va.data.modelVersion.signature}
          b={vb.data.modelVersion.signature}
          na={a.version}
          nb={b.version}
        />
      )}
    </Stack>
  );
}

function SignatureDiff({
  a,
  b,
  na,
  nb,
}: {
  a: Parameters<typeof diffSignatures>[0];
  b: Parameters<typeof diffSignatures>[1];
  na: number;
  nb: number;
}) {
  const { t } = useI18n();
  const diffs = diffSignatures(a, b);
  if (diffs.length === 0) return <Text data-testid="signature-same">{t(m.signatureSame)}</Text>;
  const spec = (s: { dtype: string; shape: string[] } | null) =>
    s ? `${s.dtype} ${shapeText(s.shape, t(m.unknownShape))}` : '–';
  return (
    <Table data-testid="signature-diff">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t(m.side)}</Table.Th>
          <Table.Th>{t(m.name)}</Table.Th>
          <Table.Th>{t(m.change)}</Table.Th>
          <Table.Th>v{na}</Table.Th>
          <Table.Th>v{nb}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {diffs.map((d) => (
          <Table.Tr key={`${d.side}:${d.name}`}>
            <Table.Td>{t(d.side === 'inputs' ? m.inputs : m.outputs)}</Table.Td>
            <Table.Td>{d.name}</Table.Td>
            <Table.Td>
              {d.change === 'changed'
                ? t(m.changed)
                : d.change === 'onlyA'
                  ? t(m.removed, { n: na })
                  : t(m.added, { n: nb })}
            </Table.Td>
            <Table.Td>{spec(d.a)}</Table.Td>
            <Table.Td>{spec(d.b)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
