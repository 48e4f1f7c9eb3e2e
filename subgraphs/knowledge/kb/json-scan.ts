// What JSON.parse (and json-source-map) let through or choke on, checked before parsing a base file:
// a duplicate key in one object (the parser keeps the last silently, so a rule's second "requirement"
// replaced the first unseen), nesting deeper than MAX_DEPTH (the recursive parser overflowed the stack:
// "Maximum call stack size exceeded"), and a file over MAX_FILE_BYTES (88 MB took 42 s and 2.5 GB).
// One linear pass over the text; anything that is not valid JSON is left for the parser to report.

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_DEPTH = 64;

export interface ScanProblem {
  offset: number;
  message: string;
}

interface Frame {
  object: boolean;
  expectKey: boolean;
  keys: Map<string, number>;
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The first duplicate key or too-deep nesting in `text`, or null. */
export function scanJson(text: string): ScanProblem | null {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          return null; // not valid JSON: the parser says where
        }
        const first = top.keys.get(key);
        if (first !== undefined) {
          const at = lineColumn(text, first);
          return {
            offset: i,
            message: `duplicate key "${key.slice(0, 60)}" in one object (first at line ${at.line}, column ${at.column}); JSON would keep only the last`,
          };
        }
        top.keys.set(key, i);
        top.expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      if (stack.length >= MAX_DEPTH)
        return { offset: i, message: `nested more than ${MAX_DEPTH} levels deep; a knowledge-base file needs a few` };
      stack.push({ object: c === '{', expectKey: c === '{', keys: new Map() });
    } else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.object) top.expectKey = true;
    }
  }
  return null;
}
