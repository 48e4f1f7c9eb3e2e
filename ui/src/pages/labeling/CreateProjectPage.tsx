// /labeling/new: a reviewer (data scientist of the source's org) starts a labeling project on a dataset
// version: task type, classes with hotkeys, annotators per task, who annotates, and for text tasks the
// column holding the text. What the API refuses is shown as it words it.
import { Alert, Button, NativeSelect, SimpleGrid, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useGql, useGqlMutation } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { useCan } from '../../lib/viewer';
import { NotFound } from '../../components/PageState';
import { ClassRows, type ClassRow } from './ClassRows';
import { labelingPath } from './links';
import { m } from './messages';
import { LabelingCreate, LabelingSourceColumns, LabelingSourceDatasets, LabelingSourceVersions } from './queries';
import type { TaskType } from './values';

const TYPES: TaskType[] = ['TEXT_CLASSIFICATION', 'IMAGE_CLASSIFICATION', 'BOUNDING_BOX', 'ENTITY_SPAN'];
const textual = (type: TaskType) => type === 'TEXT_CLASSIFICATION' || type === 'ENTITY_SPAN';

export function CreateProjectPage() {
  const { t } = useI18n();
  if (!useCan('labeling.manage')) return <NotFound what={t(m.project)} />;
  return <CreateForm />;
}

function CreateForm() {
  const { t } = useI18n();
  const fmt = useFormat();
  const navigate = useNavigate();
  const create = useGqlMutation(LabelingCreate);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [datasetId, setDatasetId] = useState('');
  const [versionId, setVersionId] = useState('');
  const [taskType, setTaskType] = useState<TaskType>('TEXT_CLASSIFICATION');
  const [textColumn, setTextColumn] = useState('');
  const [overlap, setOverlap] = useState('2');
  const [annotators, setAnnotators] = useState('annotator, annotator2');
  const [maxItems, setMaxItems] = useState('');
  const [classes, setClasses] = useState<ClassRow[]>([
    { value: '', name: '', nameEn: '', hotkey: '' },
    { value: '', name: '', nameEn: '', hotkey: '' },
  ]);
  const [problem, setProblem] = useState<string | null>(null);

  const datasets = useGql(LabelingSourceDatasets, { q });
  const versions = useGql(LabelingSourceVersions, { id: datasetId }, { enabled: datasetId !== '' });
  const columns = useGql(LabelingSourceColumns, { id: versionId }, { enabled: versionId !== '' && textual(taskType) });
  const columnNames = columns.data?.datasetVersion?.rows?.columns ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const bad = classes.findIndex((c) => c.hotkey !== '' && !/^[b-zB-Z]$/.test(c.hotkey));
    if (bad >= 0) return setProblem(t(m.hotkeyBad, { n: bad + 1 }));
    if (!versionId) return setProblem(t(m.required, { field: t(m.sourceVersionPick) }));
    setProblem(null);
    create.mutate(
      {
        input: {
          name,
          description: description || null,
          sourceVersionId: versionId,
          taskType,
          labels: classes.map((c) => ({
            value: c.value.trim(),
            name: c.name.trim(),
            nameEn: c.nameEn.trim() || null,
            hotkey: c.hotkey.toLowerCase() || null,
          })),
          textColumn: textual(taskType) ? textColumn || columnNames[0] || null : null,
          overlap: Number(overlap),
          annotators: annotators
            .split(/[,，\s]+/)
            .map((a) => a.trim())
            .filter(Boolean),
          maxItems: maxItems.trim() ? Number(maxItems) : null,
        },
      },
      { onSuccess: (data) => void navigate(labelingPath(data.createLabelingProject.id)) },
    );
  };

  return (
    <form onSubmit={submit} aria-labelledby="create-title" data-testid="create-project-form">
      <Stack gap="md" maw={900}>
        <Title order={1} id="create-title">
          {t(m.createTitle)}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t(m.name)}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            data-testid="project-name"
          />
          <NativeSelect
            label={t(m.taskType)}
            value={taskType}
            onChange={(e) => setTaskType(e.currentTarget.value as TaskType)}
            data={TYPES.map((x) => ({ value: x, label: t(m[x]) }))}
          />
        </SimpleGrid>
        <Textarea
          label={t(m.description)}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t(m.sourceSearch)}
            description={t(m.sourceSearchHint)}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <NativeSelect
            label={t(m.sourceDataset)}
            value={datasetId}
            onChange={(e) => {
              setDatasetId(e.currentTarget.value);
              setVersionId('');
            }}
            data={[
              { value: '', label: t(m.pickDataset) },
              ...(datasets.data?.search.edges.map((e) => ({ value: e.node.id, label: e.node.name ?? e.node.id })) ??
                []),
            ]}
          />
          <NativeSelect
            label={t(m.sourceVersionPick)}
            value={versionId}
            onChange={(e) => setVersionId(e.currentTarget.value)}
            disabled={!versions.data?.dataset}
            data={[
              { value: '', label: '–' },
              ...(versions.data?.dataset?.versions ?? []).map((v) => ({
                value: v.id,
                label: t(m.versionOption, {
                  n: v.version,
                  format: v.format,
                  rows: v.rowCount === null || v.rowCount === undefined ? '–' : fmt.number(v.rowCount),
                  integrity: v.integrity,
                }),
              })),
            ]}
          />
          {textual(taskType) && (
            <NativeSelect
              label={t(m.textColumn)}
              value={textColumn || columnNames[0] || ''}
              onChange={(e) => setTextColumn(e.currentTarget.value)}
              data={columnNames}
              disabled={columnNames.length === 0}
            />
          )}
          <NativeSelect
            label={t(m.overlap)}
            description={t(m.overlapHint)}
            value={overlap}
            onChange={(e) => setOverlap(e.currentTarget.value)}
            data={['1', '2', '3', '4', '5']}
          />
          <TextInput
            label={t(m.annotators)}
            value={annotators}
            onChange={(e) => setAnnotators(e.currentTarget.value)}
            required
          />
          <TextInput
            label={t(m.maxItems)}
            value={maxItems}
            onChange={(e) => setMaxItems(e.currentTarget.value)}
            inputMode="numeric"
          />
        </SimpleGrid>
        <ClassRows rows={classes} onChange={setClasses} />
        {(problem || create.error) && (
          <Alert color="red" role="alert" title={t(m.createFailed)} data-testid="create-error">
            {problem ?? create.error?.message}
          </Alert>
        )}
        <div>
          <Button type="submit" color="blue.9" loading={create.isPending} data-testid="create-project">
            {t(m.create)}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
