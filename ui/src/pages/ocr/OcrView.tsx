// The image with one polygon per text line drawn over it: an SVG whose viewBox is the image's pixel size,
// stretched over the <img>, so the boxes (image pixels, as the API answers them) scale with the picture.
// The list beside it selects a line (its box is highlighted); pointing at a box shows its text and selects
// its line in the list. Timings and providers per stage below.
import { Box, Grid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useFormat, useI18n } from '../../lib/i18n';
import { Facts } from '../serving/parts';
import { om } from './messages';

export interface OcrLine {
  text: string;
  score: number;
  box: unknown;
}
export interface OcrResult {
  lines: OcrLine[];
  width: number;
  height: number;
  timingsMs: unknown;
  providers: unknown;
}

const STAGES = ['decode', 'det', 'cls', 'rec', 'total'] as const;
const STAGE_NAME = {
  decode: om.stage_decode,
  det: om.stage_det,
  cls: om.stage_cls,
  rec: om.stage_rec,
  total: om.stage_total,
} as const;

/** "x,y x,y …" of a box's corners; empty when the API's box is not a list of [x, y]. */
const points = (box: unknown): string =>
  Array.isArray(box)
    ? box
        .filter((p): p is [number, number] => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number')
        .map(([x, y]) => `${x},${y}`)
        .join(' ')
    : '';

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

export function OcrView({ name, url, result }: { name: string; url: string; result: OcrResult }) {
  const { t } = useI18n();
  const f = useFormat();
  const [selected, setSelected] = useState<number | null>(null);
  const timings = record(result.timingsMs);
  const providers = record(result.providers);
  // Stroke width in image pixels that reads as ~2 screen pixels on a typical page width.
  const stroke = Math.max(1, Math.round(Math.max(result.width, result.height) / 400));
  return (
    <Stack data-testid="ocr-result">
      <Title order={2}>{t(om.result)}</Title>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Box pos="relative" display="inline-block" maw="100%" style={{ lineHeight: 0 }}>
            <img src={url} alt={t(om.picture, { name, count: result.lines.length })} style={{ maxWidth: '100%' }} />
            <svg
              viewBox={`0 0 ${result.width} ${result.height}`}
              preserveAspectRatio="none"
              aria-hidden
              data-testid="ocr-overlay"
              style={{ position: 'absolute', inset: 0, width: '100%', height: '100%' }}
            >
              {result.lines.map((line, i) => (
                <polygon
                  key={i}
                  points={points(line.box)}
                  data-testid="ocr-box"
                  data-selected={selected === i ? 'true' : 'false'}
                  fill={selected === i ? 'rgba(255, 193, 7, 0.35)' : 'rgba(25, 113, 194, 0.12)'}
                  stroke={selected === i ? '#e8590c' : '#1971c2'}
                  strokeWidth={selected === i ? stroke * 2 : stroke}
                  onMouseEnter={() => setSelected(i)}
                  onClick={() => setSelected(i)}
                  style={{ cursor: 'pointer' }}
                >
                  <title>{`${line.text} (${t(om.confidence, { value: f.number(line.score, 3) })})`}</title>
                </polygon>
              ))}
            </svg>
          </Box>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Title order={3}>{t(om.lines)}</Title>
          <Text size="sm" mb="xs">
            {t(om.linesHint)}
          </Text>
          {result.lines.length === 0 ? (
            <Text>{t(om.noLines)}</Text>
          ) : (
            <Stack gap={4} component="ol" p={0} m={0} style={{ listStyle: 'none' }} data-testid="ocr-lines">
              {result.lines.map((line, i) => (
                <li key={i}>
                  <UnstyledButton
                    w="100%"
                    p={6}
                    aria-pressed={selected === i}
                    onClick={() => setSelected(i)}
                    onMouseEnter={() => setSelected(i)}
                    bg={selected === i ? 'yellow.1' : undefined}
                    style={{ borderRadius: 4 }}
                    data-testid="ocr-line"
                  >
                    <Text fw={500} data-testid="ocr-line-text">
                      {line.text}
                    </Text>
                    <Text size="sm" c="gray.8">
                      {t(om.confidence, { value: f.number(line.score, 3) })}
                    </Text>
                  </UnstyledButton>
                </li>
              ))}
            </Stack>
          )}
        </Grid.Col>
      </Grid>
      <Title order={3}>{t(om.facts)}</Title>
      <Facts
        label={t(om.facts)}
        rows={[
          [t(om.size), `${result.width} × ${result.height}`],
          [
            t(om.timings),
            <span data-testid="ocr-timings">
              {STAGES.filter((s) => typeof timings[s] === 'number')
                .map((s) => `${t(STAGE_NAME[s])} ${t(om.ms, { value: f.number(timings[s] as number, 1) })}`)
                .join(' · ')}
            </span>,
          ],
          [
            t(om.providers),
            <span data-testid="ocr-providers">
              {(['det', 'cls', 'rec'] as const)
                .filter((s) => providers[s] != null)
                .map((s) => `${t(STAGE_NAME[s])}: ${String(providers[s])}`)
                .join(' · ')}
            </span>,
          ],
        ]}
      />
    </Stack>
  );
}
