// The editor for a task's value, by the project's task type: the annotator's workspace and the
// reviewer's "fix" use the same one. The value travels as the API's JSON string.
import type { MutableRefObject } from 'react';
import { BoxEditor } from './BoxEditor';
import { ClassifyEditor, type KeyHandler } from './ClassifyEditor';
import { SpanEditor } from './SpanEditor';
import { boxesOf, classLabelOf, spansOf, type LabelClass, type TaskType } from './values';

export interface EditableTask {
  item: string;
  text?: string | null;
  itemUrl?: string | null;
  suggestion?: { value: string; confidence: number } | null;
}

export function ValueEditor({
  taskType,
  classes,
  task,
  value,
  onChange,
  keyRef,
}: {
  taskType: TaskType;
  classes: LabelClass[];
  task: EditableTask;
  value: string | null;
  onChange: (json: string) => void;
  keyRef: MutableRefObject<KeyHandler | null>;
}) {
  switch (taskType) {
    case 'BOUNDING_BOX':
      return (
        <BoxEditor
          classes={classes}
          boxes={boxesOf(value)}
          onChange={(boxes) => onChange(JSON.stringify({ boxes }))}
          suggested={boxesOf(task.suggestion?.value)}
          suggestionConfidence={task.suggestion?.confidence ?? null}
          itemUrl={task.itemUrl ?? null}
          item={task.item}
          keyRef={keyRef}
        />
      );
    case 'ENTITY_SPAN':
      return (
        <SpanEditor
          classes={classes}
          text={task.text ?? ''}
          spans={spansOf(value)}
          onChange={(spans) => onChange(JSON.stringify({ spans }))}
          keyRef={keyRef}
        />
      );
    default:
      return (
        <ClassifyEditor
          classes={classes}
          label={classLabelOf(value)}
          onChange={(label) => onChange(JSON.stringify({ label }))}
          text={taskType === 'TEXT_CLASSIFICATION' ? (task.text ?? '') : null}
          itemUrl={task.itemUrl ?? null}
          item={task.item}
          keyRef={keyRef}
        />
      );
  }
}
