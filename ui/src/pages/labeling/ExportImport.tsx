// Export (one download per format) and import (pasted or from a file). The API checks an import whole:
// a malformed one is refused with its reason and changes nothing, so the message is shown as it comes.
import { Alert, Button, FileInput, Group, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useAccessToken, useGqlMutation, requestGraphQL } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import type { Project } from './AnnotatePage';
import { m } from './messages';
import { LabelingExport, LabelingImport } from './queries';

const FORMATS = ['LABEL_STUDIO', 'COCO', 'YOLO', 'CSV'] as const;
type Format = (typeof FORMATS)[number];
const FORMAT_NAMES: Record<Format, string> = {
  LABEL_STUDIO: 'Label Studio JSON',
  COCO: 'COCO',
  YOLO: 'YOLO',
  CSV: 'CSV',
};
const EXTENSION: Record<Format, string> = { LABEL_STUDIO: 'json', COCO: 'json', YOLO: 'txt', CSV: 'csv' };

/** Hands the text to the browser as a file download. */
function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

export function ExportImport({ project }: { project: Project }) {
  const { t } = useI18n();
  const token = useAccessToken();
  const queryClient = useQueryClient();
  const [exporting, setExporting] = useState<Format | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const importer = useGqlMutation(LabelingImport);
  const [format, setFormat] = useState<Format>('LABEL_STUDIO');
  const [content, setContent] = useState('');

  const exportAs = async (f: Format) => {
    setExporting(f);
    setExportError(null);
    try {
      const data = await requestGraphQL(LabelingExport, { projectId: project.id, format: f }, token);
      const safe = project.name.replace(/[^\p{L}\p{N}_-]+/gu, '_');
      download(
        `${safe}.${f.toLowerCase()}.${EXTENSION[f]}`,
        data.exportLabels,
        f === 'CSV' ? 'text/csv' : 'application/json',
      );
    } catch (e) {
      setExportError(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(null);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    importer.mutate(
      { projectId: project.id, format, content },
      { onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['LabelingProjectTasks'] }) },
    );
  };

  return (
    <Stack gap="md">
      <Stack gap="xs">
        <Title order={2}>{t(m.exportTitle)}</Title>
        <Group gap="xs">
          {FORMATS.map((f) => (
            <Button
              key={f}
              variant="default"
              loading={exporting === f}
              onClick={() => void exportAs(f)}
              data-testid={`export-${f}`}
            >
              {t(m.exportAs, { format: FORMAT_NAMES[f] })}
            </Button>
          ))}
        </Group>
        {exportError && (
          <Alert color="red" role="alert" title={t(m.exportFailed)}>
            {exportError}
          </Alert>
        )}
      </Stack>
      <form onSubmit={submit} aria-label={t(m.importTitle)} data-testid="import-form">
        <Stack gap="xs">
          <Title order={2}>{t(m.importTitle)}</Title>
          <Group align="end">
            <NativeSelect
              label={t(m.importFormat)}
              value={format}
              onChange={(e) => setFormat(e.currentTarget.value as Format)}
              data={FORMATS.map((f) => ({ value: f, label: FORMAT_NAMES[f] }))}
            />
            <FileInput
              label={t(m.importFile)}
              onChange={(file) => void file?.text().then(setContent)}
              clearable
              w={260}
            />
          </Group>
          <Textarea
            label={t(m.importContent)}
            value={content}
            onChange={(e) => setContent(e.currentTarget.value)}
            autosize
            minRows={3}
            maxRows={12}
            data-testid="import-content"
          />
          <div>
            <Button type="submit" color="blue.9" loading={importer.isPending} disabled={!content.trim()}>
              {t(m.importSubmit)}
            </Button>
          </div>
          {importer.data && (
            <Text role="status" data-testid="import-done">
              {t(m.importDone, { n: importer.data.importLabels.imported })}
            </Text>
          )}
          {importer.error && (
            <Alert color="red" role="alert" title={t(m.importFailed)} data-testid="import-error">
              {importer.error.message}
            </Alert>
          )}
        </Stack>
      </form>
    </Stack>
  );
}
