// The picture's controls: direction, depth, kind filter (with counts), path mode and export.
import { Button, Checkbox, Group, NumberInput, SegmentedControl, Stack, Switch, Text } from '@mantine/core';
import type { LineageDirection, LineageNodeKind } from '../../gql/graphql';
import { useI18n } from '../../lib/i18n';
import { KINDS, KIND_STYLE } from './kinds';
import { m } from './messages';

export const MAX_DEPTH = 20;

export function Controls(props: {
  direction: LineageDirection;
  onDirection: (d: LineageDirection) => void;
  depth: number;
  onDepth: (d: number) => void;
  hidden: ReadonlySet<string>;
  onHiddenKinds: (hidden: LineageNodeKind[]) => void;
  countByKind: ReadonlyMap<LineageNodeKind, number>;
  pathMode: boolean;
  pathAvailable: boolean;
  onPathMode: (on: boolean) => void;
  onExportSvg: () => void;
  onExportPng: () => void;
  exportDisabled: boolean;
}) {
  const { t } = useI18n();
  const present = KINDS.filter((k) => (props.countByKind.get(k) ?? 0) > 0 || props.hidden.has(k));
  return (
    <Stack gap="sm" w={260} style={{ flex: 'none' }}>
      <div>
        <Text size="sm" fw={500} id="lineage-direction-label">
          {t(m.direction)}
        </Text>
        <SegmentedControl
          aria-labelledby="lineage-direction-label"
          value={props.direction}
          onChange={(v) => props.onDirection(v as LineageDirection)}
          data={[
            { value: 'UPSTREAM', label: t(m.upstream) },
            { value: 'DOWNSTREAM', label: t(m.downstream) },
            { value: 'BOTH', label: t(m.both) },
          ]}
        />
      </div>
      <NumberInput
        label={t(m.depth)}
        min={0}
        max={MAX_DEPTH}
        clampBehavior="strict"
        allowDecimal={false}
        value={props.depth}
        onChange={(v) => {
          const n = typeof v === 'number' ? v : Number.parseInt(v, 10);
          if (Number.isInteger(n) && n >= 0 && n <= MAX_DEPTH) props.onDepth(n);
        }}
      />
      <Checkbox.Group
        label={t(m.kinds)}
        value={present.filter((k) => !props.hidden.has(k))}
        onChange={(shown) => props.onHiddenKinds(present.filter((k) => !shown.includes(k)))}
      >
        <Stack gap={4} mt={4}>
          {present.map((k) => (
            <Checkbox key={k} value={k} label={`${t(KIND_STYLE[k].name)} (${props.countByKind.get(k) ?? 0})`} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Switch
        label={t(m.pathMode)}
        description={props.pathAvailable ? t(m.pathModeHint) : t(m.pathOnlyDeployment)}
        checked={props.pathMode}
        disabled={!props.pathAvailable}
        onChange={(e) => props.onPathMode(e.currentTarget.checked)}
      />
      <Group gap="xs">
        <Button variant="default" onClick={props.onExportSvg} disabled={props.exportDisabled}>
          {t(m.exportSvg)}
        </Button>
        <Button variant="default" onClick={props.onExportPng} disabled={props.exportDisabled}>
          {t(m.exportPng)}
        </Button>
      </Group>
    </Stack>
  );
}
