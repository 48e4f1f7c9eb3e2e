// The keys each workspace answers, listed in its legend (ShortcutLegend).
import { m } from './messages';
import type { Shortcut } from './ShortcutLegend';
import type { TaskType } from './values';

/** The keys the value editor of a task type answers (the workspace and the reviewer's fix share them). */
export function editorShortcuts(taskType: TaskType, classCount: number): Shortcut[] {
  const digits = [classCount > 1 ? `1–${Math.min(9, classCount)}` : '1'];
  if (taskType === 'BOUNDING_BOX')
    return [
      { keys: ['drag'], what: m.kDrag },
      { keys: digits, what: m.kBoxClass },
      { keys: [']'], what: m.kTab },
      { keys: ['Delete'], what: m.kDelete },
    ];
  if (taskType === 'ENTITY_SPAN')
    return [
      { keys: ['←', '→', 'Home', 'End'], what: m.kMove },
      { keys: ['Shift+←', 'Shift+→'], what: m.kSelect },
      { keys: digits, what: m.kSpanClass },
      { keys: ['Backspace'], what: m.kBackspace },
    ];
  return [{ keys: digits, what: m.kNumbers }];
}

/** Everything the workspace answers, for its legend. */
export function shortcutsFor(taskType: TaskType, classCount: number): Shortcut[] {
  const spans = taskType === 'ENTITY_SPAN';
  return [
    ...editorShortcuts(taskType, classCount),
    ...(spans ? [] : [{ keys: ['A'], what: m.kAccept }]),
    { keys: ['Enter'], what: m.kEnter },
    { keys: spans ? ['Alt+→', 'Alt+←'] : ['→', '←'], what: m.kArrows },
  ];
}
