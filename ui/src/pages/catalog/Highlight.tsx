// Text with the server's highlight spans marked. A long description is cut to a window around its first
// match, so the reason a hit matched is visible without reading the whole text.
import { Mark } from '@mantine/core';
import type { ReactNode } from 'react';

export interface Span {
  start: number;
  length: number;
}

export function Highlight({ text, spans, max }: { text: string; spans: Span[]; max?: number }) {
  let from = 0;
  let to = text.length;
  if (max !== undefined && text.length > max) {
    from = Math.max(0, Math.min((spans[0]?.start ?? 0) - Math.floor(max / 4), text.length - max));
    to = from + max;
  }
  const parts: ReactNode[] = [];
  let at = from;
  for (const span of spans) {
    const start = Math.max(span.start, at);
    const end = Math.min(span.start + span.length, to);
    if (end <= start) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <Mark key={start} data-testid="highlight">
        {text.slice(start, end)}
      </Mark>,
    );
    at = end;
  }
  if (at < to) parts.push(text.slice(at, to));
  return (
    <>
      {from > 0 ? '…' : ''}
      {parts}
      {to < text.length ? '…' : ''}
    </>
  );
}
