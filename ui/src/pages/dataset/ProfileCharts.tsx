// Profile charts of a version (recharts, loaded with this page only, never in the first load).
import { NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat, useI18n } from '../../lib/i18n';
import { m } from './messages';
import { missingPct, readProfile, type ColumnProfile, type ImageProfile, type TableProfile } from './profile';
import { ScrollTable } from './widgets';

const HEIGHT = 240;

function Chart({ title, data, x, y, name }: { title: string; data: object[]; x: string; y: string; name: string }) {
  return (
    <figure style={{ margin: 0 }} data-testid="profile-chart">
      <Text component="figcaption" fw={500} size="sm" mb={4}>
        {title}
      </Text>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey={x} tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis tick={{ fontSize: 11 }} />
          <Tooltip />
          <Bar dataKey={y} name={name} fill="#1c7ed6" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function ProfileCharts({ profile }: { profile: unknown }) {
  const read = readProfile(profile);
  if (!read) return null;
  return read.kind === 'table' ? <TableProfileView profile={read} /> : <ImageProfileView profile={read} />;
}

function TableProfileView({ profile }: { profile: TableProfile }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const kinds = Object.entries(
    profile.columns.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.kind]: (acc[c.kind] ?? 0) + 1 }), {}),
  ).map(([kind, count]) => ({ kind, count }));
  const missing = profile.columns.map((c) => ({ column: c.name, pct: Number(missingPct(c).toFixed(2)) }));
  // Start on the first column that has a histogram, the most telling chart.
  const [columnName, setColumnName] = useState(
    (profile.columns.find((c) => c.histogram?.length) ?? profile.columns[0])?.name ?? '',
  );
  const column = profile.columns.find((c) => c.name === columnName);
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Chart title={t(m.columnTypes)} data={kinds} x="kind" y="count" name={t(m.columns)} />
        <Chart title={t(m.missing)} data={missing} x="column" y="pct" name={t(m.missingPct)} />
      </SimpleGrid>
      <Title order={4}>{t(m.columns)}</Title>
      <ScrollTable label={t(m.columns)} minWidth={600}>
        <Table striped data-testid="profile-columns">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(m.colName)}</Table.Th>
              <Table.Th>{t(m.colType)}</Table.Th>
              <Table.Th>{t(m.colMissing)}</Table.Th>
              <Table.Th>{t(m.colDistinct)}</Table.Th>
              <Table.Th>{t(m.colRange)}</Table.Th>
              <Table.Th>{t(m.colMean)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {profile.columns.map((c) => (
              <Table.Tr key={c.name}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>{c.type}</Table.Td>
                <Table.Td>{fmt.number(missingPct(c), 1)} %</Table.Td>
                <Table.Td>{fmt.number(c.distinct)}</Table.Td>
                <Table.Td>{c.min == null ? '–' : `${String(c.min)} – ${String(c.max)}`}</Table.Td>
                <Table.Td>{c.mean == null ? '–' : fmt.number(c.mean, 3)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <NativeSelect
        label={t(m.column)}
        value={columnName}
        onChange={(e) => setColumnName(e.currentTarget.value)}
        data={profile.columns.map((c) => c.name)}
        maw={320}
      />
      {column && <ColumnCharts column={column} />}
      {profile.sampleRows > 0 && (
        <Text size="sm" c="gray.7">
          {t(m.sample, { n: fmt.number(profile.sampleRows) })}
        </Text>
      )}
    </Stack>
  );
}

function ColumnCharts({ column }: { column: ColumnProfile }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const histogram = (column.histogram ?? []).map((b) => ({
    bin: `${fmt.number(b.from, 2)}–${fmt.number(b.to, 2)}`,
    count: b.count,
  }));
  const top = (column.topValues ?? []).map((v) => ({ value: v.value, share: Number((100 * v.share).toFixed(2)) }));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {histogram.length > 0 && (
        <Chart title={t(m.histogram, { column: column.name })} data={histogram} x="bin" y="count" name={t(m.count)} />
      )}
      {top.length > 0 && (
        <Chart title={t(m.topValues, { column: column.name })} data={top} x="value" y="share" name={t(m.sharePct)} />
      )}
    </SimpleGrid>
  );
}

function ImageProfileView({ profile }: { profile: ImageProfile }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const labels = Object.entries(profile.labels).map(([label, count]) => ({ label, count }));
  const formats = Object.entries(profile.formats).map(([format, count]) => ({ format, count }));
  return (
    <Stack gap="md">
      <Text>
        {t(m.images)}: {fmt.number(profile.count)} · {t(m.unlabeled, { n: fmt.number(profile.unlabeled) })}
        {profile.width && profile.height
          ? ` · ${t(m.imageSize, { w: fmt.number(profile.width.mean), h: fmt.number(profile.height.mean) })}`
          : ''}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {labels.length > 0 && <Chart title={t(m.labels)} data={labels} x="label" y="count" name={t(m.count)} />}
        {formats.length > 0 && <Chart title={t(m.formats)} data={formats} x="format" y="count" name={t(m.count)} />}
      </SimpleGrid>
    </Stack>
  );
}
