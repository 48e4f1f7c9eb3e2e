// Class colours: the n-th class of a project keeps its colour on every page. Fills are light enough
// for dark text on them (WCAG AA), strokes dark enough to show on a photo.
const FILLS = ['#cfe3ff', '#ffd9c2', '#d4f5d0', '#f6d2f2', '#fff1b8', '#d9d4ff', '#c9f1f1', '#ffd1d6', '#e4e4e4'];
const STROKES = ['#1f5fbf', '#b34700', '#237a1b', '#9c2a92', '#8a6d00', '#4b3bbf', '#0f6f6f', '#b3213a', '#4d4d4d'];

export const classFill = (index: number): string => FILLS[((index % FILLS.length) + FILLS.length) % FILLS.length]!;
export const classStroke = (index: number): string =>
  STROKES[((index % STROKES.length) + STROKES.length) % STROKES.length]!;
