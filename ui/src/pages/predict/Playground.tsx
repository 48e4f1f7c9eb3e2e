// The playground's input (form / JSON / file) and its call. The form exists for models with named columns;
// a tensor model gets a JSON template from its signature. A file fills the form (CSV) or the JSON (JSON)
// and switches to it, so what is sent can be read and changed before sending.
import { Alert, Button, Group, Stack, Tabs, Text, Textarea } from '@mantine/core';
import { useMemo, useState, type ChangeEvent } from 'react';
import { useGqlMutation } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { ColumnsForm } from './ColumnsForm';
import { PredictionResult } from './PredictionResult';
import { PredictPageRun } from './queries';
import {
  columnInputs,
  csvRows,
  emptyRow,
  tabularColumns,
  tensorTemplate,
  type Row,
  type TensorSpec,
} from './signature';
import { pm } from './messages';

/** Files above this are refused before reading (a browser tab holds the whole text). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Rows a CSV may put into the form (the form renders every cell). */
const MAX_CSV_ROWS = 500;

type Mode = 'form' | 'json' | 'file';

export interface PlaygroundProps {
  target: { deploymentId?: string; serviceId?: string };
  signature: { inputs: readonly TensorSpec[]; outputs: readonly TensorSpec[] } | null;
  /** Deployment id → name, to name the one that served a call. */
  deployments: Record<string, string>;
}

export function Playground({ target, signature, deployments }: PlaygroundProps) {
  const { t } = useI18n();
  const f = useFormat();
  const columns = useMemo(() => (signature ? tabularColumns(signature.inputs) : null), [signature]);
  const [mode, setMode] = useState<Mode>(columns ? 'form' : 'json');
  const [rows, setRows] = useState<Row[]>(() => (columns ? [emptyRow(columns)] : []));
  const [json, setJson] = useState(() =>
    JSON.stringify(
      columns ? columnInputs(columns, [emptyRow(columns)]) : tensorTemplate(signature?.inputs ?? []),
      null,
      2,
    ),
  );
  const [notes, setNotes] = useState<string[]>([]);
  const [localError, setLocalError] = useState<string | null>(null);
  const run = useGqlMutation(PredictPageRun);

  const inputsToSend = (): Record<string, unknown> | null => {
    if (mode === 'form' && columns) return columnInputs(columns, rows);
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      setLocalError(t(pm.jsonInvalid, { reason: (error as Error).message }));
      return null;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setLocalError(t(pm.jsonObject));
      return null;
    }
    return parsed as Record<string, unknown>;
  };

  const submit = () => {
    setLocalError(null);
    const inputs = inputsToSend();
    if (inputs) run.mutate({ ...target, inputs });
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = '';
    if (!file) return;
    setLocalError(null);
    setNotes([]);
    const isCsv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
    const isJson = /\.json$/i.test(file.name) || file.type === 'application/json';
    if (!isCsv && !isJson) return setLocalError(t(pm.fileType, { name: file.name }));
    if (file.size > MAX_FILE_BYTES)
      return setLocalError(t(pm.fileTooLarge, { name: file.name, max: f.bytes(MAX_FILE_BYTES) }));
    const text = await file.text();
    if (isJson) {
      setJson(text);
      setNotes([t(pm.jsonLoaded, { name: file.name })]);
      return setMode('json');
    }
    if (!columns) return setLocalError(t(pm.csvForTensor));
    const loaded = csvRows(columns, text, MAX_CSV_ROWS);
    setRows(loaded.rows.length > 0 ? loaded.rows : [emptyRow(columns)]);
    setNotes([
      t(pm.csvLoaded, { rows: loaded.rows.length, name: file.name }),
      ...(loaded.ignored.length ? [t(pm.csvIgnored, { names: loaded.ignored.join(', ') })] : []),
      ...(loaded.missing.length ? [t(pm.csvMissing, { names: loaded.missing.join(', ') })] : []),
      ...(loaded.dropped ? [t(pm.csvDropped, { count: loaded.dropped, limit: MAX_CSV_ROWS })] : []),
    ]);
    setMode('form');
  };

  const error = localError ?? run.error?.message ?? null;
  return (
    <Stack>
      <Tabs value={mode} onChange={(v) => setMode((v as Mode | null) ?? mode)} keepMounted={false}>
        <Tabs.List aria-label={t(pm.inputs)}>
          {columns ? <Tabs.Tab value="form">{t(pm.modeForm)}</Tabs.Tab> : null}
          <Tabs.Tab value="json">{t(pm.modeJson)}</Tabs.Tab>
          <Tabs.Tab value="file">{t(pm.modeFile)}</Tabs.Tab>
        </Tabs.List>
        {columns ? (
          <Tabs.Panel value="form" pt="sm">
            <ColumnsForm columns={columns} rows={rows} onChange={setRows} />
          </Tabs.Panel>
        ) : null}
        <Tabs.Panel value="json" pt="sm">
          <Stack gap="xs">
            {columns ? null : <Text size="sm">{t(pm.tensorHint)}</Text>}
            <Textarea
              label={t(pm.jsonLabel)}
              value={json}
              onChange={(e) => setJson(e.currentTarget.value)}
              autosize
              minRows={6}
              maxRows={20}
              styles={{ input: { fontFamily: 'monospace' } }}
              data-testid="predict-json"
            />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="file" pt="sm">
          <Stack gap="xs">
            <label htmlFor="predict-file">
              <Text fw={500}>{t(pm.fileLabel)}</Text>
            </label>
            <input
              id="predict-file"
              type="file"
              accept=".csv,.json,text/csv,application/json"
              onChange={(e) => void onFile(e)}
              data-testid="predict-file"
            />
            <Text size="sm">{t(pm.fileHint)}</Text>
          </Stack>
        </Tabs.Panel>
      </Tabs>
      {notes.length > 0 ? (
        <Alert color="blue" role="status" data-testid="predict-notes">
          {notes.map((n) => (
            <Text key={n} size="sm">
              {n}
            </Text>
          ))}
        </Alert>
      ) : null}
      <Group>
        <Button onClick={submit} loading={run.isPending} disabled={mode === 'file'}>
          {run.isPending ? t(pm.running) : t(pm.predict)}
        </Button>
      </Group>
      {error ? (
        <Alert color="red" title={t(pm.failed)} role="alert" data-testid="predict-error">
          <Text style={{ whiteSpace: 'pre-wrap' }}>{error}</Text>
        </Alert>
      ) : null}
      {run.data && !error ? <PredictionResult prediction={run.data.predict} deployments={deployments} /> : null}
    </Stack>
  );
}
