// Small pieces the dataset and model pages share, chosen for accessibility: badge colours dark enough
// for WCAG AA text contrast (Mantine's light variants are not), and a horizontally scrolling table
// wrapper that keyboard users can focus and scroll (axe: scrollable-region-focusable); a group, not a
// region, so it adds no second landmark beside the section it sits in.
import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';

const TONES = {
  good: '#1e6f34',
  bad: '#b02a2a',
  neutral: '#495057',
  accent: '#862e9c',
} as const;

export function StatusBadge({
  tone,
  filled = false,
  children,
  testId,
}: {
  tone: keyof typeof TONES;
  filled?: boolean;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Badge color={TONES[tone]} variant={filled ? 'filled' : 'outline'} tt="none" data-testid={testId}>
      {children}
    </Badge>
  );
}

export function ScrollTable({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <div role="group" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}
