// Bounding boxes: drag on the image to draw a box of the current class; digits / hotkeys set the class
// of the selected box and of new ones; ] selects the next box, Delete removes the selected one.
// Suggested boxes are drawn dashed with the suggestion's confidence; the page's A accepts them all.
// Coordinates are relative to the image (0..1), x/y the top-left corner, as the API stores them.
import { Button, Group, List, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState, type MutableRefObject, type PointerEvent } from 'react';
import { useFormat, useI18n } from '../../lib/i18n';
import type { KeyHandler } from './ClassifyEditor';
import { ItemImageView } from './ItemImageView';
import { m } from './messages';
import { classStroke } from './palette';
import { classForKey, className, type Box, type LabelClass } from './values';

const clamp = (n: number) => Math.min(1, Math.max(0, n));
/** A drag shorter than this (relative) is a click, not a box. */
const MIN_SIZE = 0.005;

export function BoxEditor({
  classes,
  boxes,
  onChange,
  suggested,
  suggestionConfidence,
  itemUrl,
  item,
  keyRef,
}: {
  classes: LabelClass[];
  boxes: Box[];
  onChange: (boxes: Box[]) => void;
  suggested: Box[];
  suggestionConfidence: number | null;
  itemUrl: string | null;
  item: string;
  keyRef: MutableRefObject<KeyHandler | null>;
}) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  const [current, setCurrent] = useState(classes[0]?.value ?? '');
  const [selected, setSelected] = useState<number | null>(null);
  const [draft, setDraft] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const classIndex = (value: string) => classes.findIndex((c) => c.value === value);

  useEffect(() => {
    keyRef.current = (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return false;
      if ((event.key === 'Delete' || event.key === 'Backspace') && selected !== null) {
        onChange(boxes.filter((_, i) => i !== selected));
        setSelected(null);
        return true;
      }
      if (event.key === ']' && boxes.length > 0) {
        setSelected((s) => (s === null ? 0 : (s + 1) % boxes.length));
        return true;
      }
      const c = classForKey(classes, event.key);
      if (!c) return false;
      setCurrent(c.value);
      if (selected !== null) onChange(boxes.map((b, i) => (i === selected ? { ...b, label: c.value } : b)));
      return true;
    };
    return () => {
      keyRef.current = null;
    };
  }, [boxes, classes, onChange, selected, keyRef]);

  const point = (event: PointerEvent<SVGSVGElement>) => {
    const r = svgRef.current!.getBoundingClientRect();
    return { x: clamp((event.clientX - r.left) / r.width), y: clamp((event.clientY - r.top) / r.height) };
  };
  const finish = () => {
    if (!draft) return;
    const box = {
      label: current,
      x: Math.min(draft.x0, draft.x1),
      y: Math.min(draft.y0, draft.y1),
      w: Math.abs(draft.x1 - draft.x0),
      h: Math.abs(draft.y1 - draft.y0),
    };
    setDraft(null);
    if (box.w < MIN_SIZE || box.h < MIN_SIZE || !current) return;
    onChange([...boxes, box]);
    setSelected(boxes.length);
  };
  const pct = (n: number) => fmt.number(n * 100, 1) + '%';

  return (
    <Stack gap="sm">
      <ItemImageView itemUrl={itemUrl} item={item}>
        <svg
          ref={svgRef}
          viewBox="0 0 1 1"
          preserveAspectRatio="none"
          role="img"
          aria-label={t(m.boxCanvas)}
          data-testid="box-canvas"
          style={{
            position: 'absolute',
            inset: 0,
            width: '100%',
            height: '100%',
            cursor: 'crosshair',
            touchAction: 'none',
          }}
          onPointerDown={(e) => {
            svgRef.current?.setPointerCapture(e.pointerId);
            const p = point(e);
            setDraft({ x0: p.x, y0: p.y, x1: p.x, y1: p.y });
          }}
          onPointerMove={(e) => {
            if (!draft) return;
            const p = point(e);
            setDraft({ ...draft, x1: p.x, y1: p.y });
          }}
          onPointerUp={finish}
        >
          {suggested.map((b, i) => (
            <rect
              key={`s${i}`}
              x={b.x}
              y={b.y}
              width={b.w}
              height={b.h}
              fill="none"
              stroke={classStroke(classIndex(b.label))}
              strokeWidth={2}
              strokeDasharray="6 4"
              vectorEffect="non-scaling-stroke"
              data-testid="suggested-box"
            />
          ))}
          {boxes.map((b, i) => (
            <rect
              key={i}
              x={b.x}
              y={b.y}
              width={b.w}
              height={b.h}
              fill={i === selected ? 'rgba(255,255,255,0.25)' : 'none'}
              stroke={classStroke(classIndex(b.label))}
              strokeWidth={i === selected ? 4 : 2}
              vectorEffect="non-scaling-stroke"
              data-testid="drawn-box"
            />
          ))}
          {draft && (
            <rect
              x={Math.min(draft.x0, draft.x1)}
              y={Math.min(draft.y0, draft.y1)}
              width={Math.abs(draft.x1 - draft.x0)}
              height={Math.abs(draft.y1 - draft.y0)}
              fill="none"
              stroke="#111"
              strokeWidth={1}
              vectorEffect="non-scaling-stroke"
            />
          )}
        </svg>
      </ItemImageView>
      <Text size="sm" data-testid="current-class" data-value={current}>
        {t(m.currentClass, { label: className(classes, current, lang) })}
      </Text>
      {suggested.length > 0 && (
        <Text size="sm" data-testid="suggestion">
          {t(m.suggestionBoxes, {
            n: suggested.length,
            confidence: suggestionConfidence === null ? '–' : fmt.number(suggestionConfidence, 2),
          })}
        </Text>
      )}
      <Stack gap={4}>
        <Text fw={600} size="sm">
          {t(m.boxesList)}
        </Text>
        {boxes.length === 0 ? (
          <Text size="sm">{t(m.noBoxes)}</Text>
        ) : (
          <List size="sm" data-testid="boxes-list">
            {boxes.map((b, i) => (
              <List.Item key={i}>
                <Group gap="xs">
                  <Button
                    size="compact-xs"
                    variant={i === selected ? 'filled' : 'default'}
                    aria-pressed={i === selected}
                    aria-label={t(m.selectBox, { n: i + 1 })}
                    onClick={() => setSelected(i)}
                  >
                    {i + 1}
                  </Button>
                  <Text size="sm">
                    {t(m.boxRow, {
                      label: className(classes, b.label, lang),
                      x: pct(b.x),
                      y: pct(b.y),
                      w: pct(b.w),
                      h: pct(b.h),
                    })}
                  </Text>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red.9"
                    onClick={() => {
                      onChange(boxes.filter((_, j) => j !== i));
                      setSelected(null);
                    }}
                  >
                    {t(m.removeBox, { n: i + 1 })}
                  </Button>
                </Group>
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Stack>
  );
}
