// OCR (/ocr): drop or pick a PNG/JPEG; the page checks it (an image, small enough for the API) before
// sending it to recognizeText, then shows it with each text line's box drawn over it, the lines with their
// confidence, and the stages' timings and execution providers. Any signed-in user (recognizeText:
// authenticated). The OCR pipeline services the user may see are linked: they run this same pipeline.
import { Alert, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState, type DragEvent } from 'react';
import { graphql } from '../../gql';
import { useGql, useGqlMutation } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { EntityLink } from '../serving/parts';
import { checkImage, MAX_IMAGE_BYTES } from './image';
import { OcrView } from './OcrView';
import { om } from './messages';

const OcrPageRecognize = graphql(`
  mutation OcrPageRecognize($image: String!) {
    recognizeText(image: $image) {
      lines {
        text
        score
        box
      }
      width
      height
      timingsMs
      providers
    }
  }
`);

const OcrPageServices = graphql(`
  query OcrPageServices {
    services(first: 100) {
      edges {
        node {
          id
          name
          kind
        }
      }
    }
  }
`);

export function OcrPage() {
  const { t } = useI18n();
  const f = useFormat();
  const recognize = useGqlMutation(OcrPageRecognize);
  const services = useGql(OcrPageServices, {});
  const [image, setImage] = useState<{ name: string; url: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  // The object URL lives as long as its image is shown.
  useEffect(() => () => (image ? URL.revokeObjectURL(image.url) : undefined), [image]);

  const take = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    recognize.reset();
    const checked = await checkImage(file);
    if (!checked.ok) {
      setImage(null);
      return setProblem(
        checked.problem === 'not-image'
          ? t(om.notImage, { name: file.name })
          : t(om.tooLarge, { name: file.name, size: f.bytes(file.size), max: f.bytes(MAX_IMAGE_BYTES) }),
      );
    }
    setImage({ name: file.name, url: URL.createObjectURL(file) });
    recognize.mutate({ image: checked.base64 });
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    void take(event.dataTransfer.files[0]);
  };

  const pipelines = (services.data?.services.edges ?? []).map((e) => e.node).filter((s) => s.kind === 'OCR_PIPELINE');
  return (
    <Stack>
      <Title order={1}>{t(om.title)}</Title>
      <Text>{t(om.intro, { max: f.bytes(MAX_IMAGE_BYTES) })}</Text>
      {pipelines.length > 0 ? (
        <Group gap="xs">
          <Text size="sm">{t(om.services)}</Text>
          {pipelines.map((s) => (
            <EntityLink key={s.id} kind="SERVICE" id={s.id}>
              {s.name}
            </EntityLink>
          ))}
        </Group>
      ) : null}
      <Paper
        withBorder
        p="lg"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        bg={dragging ? 'blue.0' : undefined}
        style={{ borderStyle: 'dashed' }}
        data-testid="ocr-drop"
      >
        <Stack gap="xs" align="center">
          <Text fw={500}>{t(om.drop)}</Text>
          <label htmlFor="ocr-file">
            <Text size="sm">{t(om.choose)}</Text>
          </label>
          <input
            id="ocr-file"
            type="file"
            accept="image/png,image/jpeg"
            data-testid="ocr-file"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              void take(file);
            }}
          />
        </Stack>
      </Paper>
      {problem ? (
        <Alert color="red" role="alert" data-testid="ocr-error">
          {problem}
        </Alert>
      ) : null}
      {recognize.error ? (
        <Alert color="red" title={t(om.failed)} role="alert" data-testid="ocr-error">
          {recognize.error.message}
        </Alert>
      ) : null}
      {image && recognize.isPending ? <Text role="status">{t(om.reading, { name: image.name })}</Text> : null}
      {image && recognize.data ? (
        <OcrView name={image.name} url={image.url} result={recognize.data.recognizeText} />
      ) : null}
      {services.error ? (
        <Alert color="red" role="alert">
          {services.error.message}
        </Alert>
      ) : null}
    </Stack>
  );
}
