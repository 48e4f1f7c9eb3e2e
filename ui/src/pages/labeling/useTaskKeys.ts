// One keydown listener per workspace: the editor (boxes, spans, classes) sees a key first through
// keyRef and claims it by returning true; what it leaves goes to the page (submit, next/previous, A).
// Keys typed into a text field are never taken.
import { useEffect, useRef, type MutableRefObject } from 'react';
import type { KeyHandler } from './ClassifyEditor';
import { typingInField } from './values';

export function useTaskKeys(pageKeys: KeyHandler): MutableRefObject<KeyHandler | null> {
  const editorKeys = useRef<KeyHandler | null>(null);
  const page = useRef(pageKeys);
  page.current = pageKeys;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typingInField(event)) return;
      if (editorKeys.current?.(event) || page.current(event)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return editorKeys;
}
