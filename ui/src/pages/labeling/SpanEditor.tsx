// Entity spans: select text with the mouse or with Shift+←/→ from the caret (←/→ move it, Home/End),
// then a digit or hotkey labels the selection; Backspace removes the span at the caret (or the last one).
// Offsets are JavaScript string indices (UTF-16 code units), end exclusive, as the API and Label Studio use.
import { Button, Group, List, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type MutableRefObject } from 'react';
import { useI18n } from '../../lib/i18n';
import type { KeyHandler } from './ClassifyEditor';
import { m } from './messages';
import { classFill, classStroke } from './palette';
import { classForKey, className, type LabelClass, type Span } from './values';

interface Segment {
  start: number;
  end: number;
  span: Span | null;
  selected: boolean;
}

/** The text cut at every span, selection and caret boundary, so each piece is styled one way. */
function segments(text: string, spans: Span[], sel: [number, number] | null, caret: number): Segment[] {
  const cuts = new Set([0, text.length, caret]);
  for (const s of spans) cuts.add(s.start).add(s.end);
  if (sel) cuts.add(sel[0]).add(sel[1]);
  const points = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    out.push({
      start,
      end,
      span: spans.find((s) => s.start <= start && end <= s.end) ?? null,
      selected: sel !== null && sel[0] <= start && end <= sel[1],
    });
  }
  return out;
}

/** The offset in the text of a DOM selection point inside one of our segments. */
function offsetOf(node: Node | null, offset: number): number | null {
  const el = node?.nodeType === Node.TEXT_NODE ? node.parentElement : (node as HTMLElement | null);
  const seg = el?.closest<HTMLElement>('[data-start]');
  if (!seg) return null;
  return Number(seg.dataset.start) + (node?.nodeType === Node.TEXT_NODE ? offset : 0);
}

export function SpanEditor({
  classes,
  text,
  spans,
  onChange,
  keyRef,
}: {
  classes: LabelClass[];
  text: string;
  spans: Span[];
  onChange: (spans: Span[]) => void;
  keyRef: MutableRefObject<KeyHandler | null>;
}) {
  const { t, lang } = useI18n();
  const [caret, setCaret] = useState(0);
  const [anchor, setAnchor] = useState<number | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const sel = useMemo<[number, number] | null>(
    () => (anchor !== null && anchor !== caret ? [Math.min(anchor, caret), Math.max(anchor, caret)] : null),
    [anchor, caret],
  );
  const classIndex = (value: string) => classes.findIndex((c) => c.value === value);

  useEffect(() => {
    keyRef.current = (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return false;
      const move = (to: number) => {
        const next = Math.min(text.length, Math.max(0, to));
        if (event.shiftKey) setAnchor((a) => a ?? caret);
        else setAnchor(null);
        setCaret(next);
        return true;
      };
      if (event.key === 'ArrowLeft') return move(caret - 1);
      if (event.key === 'ArrowRight') return move(caret + 1);
      if (event.key === 'Home') return move(0);
      if (event.key === 'End') return move(text.length);
      if (event.key === 'Backspace' || event.key === 'Delete') {
        const at = sel ? sel[0] : caret;
        const hit = spans.findIndex((s) => s.start <= at && at < s.end) ?? -1;
        const index = hit >= 0 ? hit : spans.length - 1;
        if (index >= 0) onChange(spans.filter((_, i) => i !== index));
        return true;
      }
      const c = classForKey(classes, event.key);
      if (!c || !sel) return false;
      // A new span replaces any it overlaps: spans of one task do not overlap.
      const kept = spans.filter((s) => s.end <= sel[0] || s.start >= sel[1]);
      onChange([...kept, { label: c.value, start: sel[0], end: sel[1] }].sort((a, b) => a.start - b.start));
      setAnchor(null);
      setCaret(sel[1]);
      return true;
    };
    return () => {
      keyRef.current = null;
    };
  }, [caret, classes, onChange, sel, spans, text.length, keyRef]);

  const onMouseUp = () => {
    const s = window.getSelection();
    if (!s || s.rangeCount === 0) return;
    const a = offsetOf(s.anchorNode, s.anchorOffset);
    const f = offsetOf(s.focusNode, s.focusOffset);
    if (a === null || f === null) return;
    setAnchor(a === f ? null : a);
    setCaret(f);
    s.removeAllRanges();
    boxRef.current?.focus();
  };

  return (
    <Stack gap="sm">
      <Paper
        withBorder
        p="md"
        ref={boxRef}
        tabIndex={0}
        role="group"
        aria-label={t(m.spanText)}
        data-testid="span-text"
        onMouseUp={onMouseUp}
        style={{ whiteSpace: 'pre-wrap', lineHeight: 1.9, fontSize: '1.05rem', cursor: 'text' }}
      >
        {segments(text, spans, sel, caret).map((seg) => (
          <span
            key={seg.start}
            data-start={seg.start}
            data-label={seg.span?.label}
            style={{
              background: seg.selected ? '#1f3a93' : seg.span ? classFill(classIndex(seg.span.label)) : undefined,
              color: seg.selected ? '#fff' : undefined,
              borderBottom: seg.span ? `2px solid ${classStroke(classIndex(seg.span.label))}` : undefined,
              borderLeft: seg.start === caret ? '2px solid #111' : undefined,
            }}
          >
            {text.slice(seg.start, seg.end)}
          </span>
        ))}
        {caret === text.length && <span style={{ borderLeft: '2px solid #111' }} aria-hidden />}
      </Paper>
      <Text size="sm" data-testid="span-selection" data-start={sel?.[0]} data-end={sel?.[1]}>
        {sel ? t(m.selection, { text: text.slice(sel[0], sel[1]) }) : ' '}
      </Text>
      <Stack gap={4}>
        <Text fw={600} size="sm">
          {t(m.spansList)}
        </Text>
        {spans.length === 0 ? (
          <Text size="sm">{t(m.noSpans)}</Text>
        ) : (
          <List size="sm" data-testid="spans-list">
            {spans.map((s, i) => (
              <List.Item key={`${s.start}-${s.end}`}>
                <Group gap="xs">
                  <Text size="sm" span style={{ background: classFill(classIndex(s.label)), padding: '0 4px' }}>
                    {text.slice(s.start, s.end)}
                  </Text>
                  <Text size="sm" span>
                    {className(classes, s.label, lang)} ({s.start}–{s.end})
                  </Text>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red.9"
                    onClick={() => onChange(spans.filter((_, j) => j !== i))}
                  >
                    {t(m.removeSpan, { text: text.slice(s.start, s.end) })}
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
