// A version's signature: its inputs and outputs with names, ONNX Runtime types and shapes.
import { SimpleGrid, Table, Title } from '@mantine/core';
import { useI18n } from '../../lib/i18n';
import { m } from './messages';
import { shapeText, type Spec } from './metrics';

function SpecTable({ title, specs, testId }: { title: string; specs: Spec[]; testId: string }) {
  const { t } = useI18n();
  return (
    <div>
      <Title order={4} mb={4}>
        {title}
      </Title>
      <Table withTableBorder data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t(m.name)}</Table.Th>
            <Table.Th>{t(m.dtype)}</Table.Th>
            <Table.Th>{t(m.shape)}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {specs.map((s) => (
            <Table.Tr key={s.name}>
              <Table.Td>{s.name}</Table.Td>
              <Table.Td>{s.dtype}</Table.Td>
              <Table.Td>{shapeText(s.shape, t(m.unknownShape))}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

export function SignatureTables({ signature }: { signature: { inputs: Spec[]; outputs: Spec[] } }) {
  const { t } = useI18n();
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <SpecTable title={t(m.inputs)} specs={signature.inputs} testId="signature-inputs" />
      <SpecTable title={t(m.outputs)} specs={signature.outputs} testId="signature-outputs" />
    </SimpleGrid>
  );
}
