// Input checks shared by the subgraphs' mutations. Each failure is BAD_USER_INPUT naming the field.
import { badInput } from './errors.js';

// Control characters in a name are invisible in the portal and in reports, forge lines in logs and
// CSV exports, and NUL ends the string for C consumers (drivers, shells, file systems): two names that
// look the same would name different assets. Names and other short identifying strings take none:
// C0 (U+0000..U+001F), DEL, C1 (U+0080..U+009F), nor a lone UTF-16 surrogate (not text: it cannot be
// encoded as UTF-8). Free text (descriptions) may keep tab, line feed and carriage return.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]|\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- likewise
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\p{Cs}/u;
// Names also take no invisible format characters: bidi overrides and isolates (U+202A..U+202E,
// U+2066..U+2069) make "model\u202Efdp.exe" display as "modelexe.pdf", and zero-width characters
// (U+200B..U+200F, U+2060, U+FEFF) make two names that look identical differ. Free text keeps them
// (right-to-left scripts need the marks).
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/u;

/**
 * The problem with control characters in `value`, naming `field` and the first offending position, or
 * null. The one rule for every name in the hub (GraphQL inputs, OpenLineage names); names (not multiline)
 * also refuse invisible format characters (see INVISIBLE).
 */
export function controlCharacterProblem(value: string, field: string, options: { multiline?: boolean } = {}): string | null {
  const match = (options.multiline ? CONTROL_IN_TEXT : CONTROL).exec(value) ?? (options.multiline ? null : INVISIBLE.exec(value));
  if (!match) return null;
  const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  const what = /\p{Cs}/u.test(match[0]) ? 'a lone surrogate' : INVISIBLE.test(match[0]) ? 'an invisible or bidirectional format character' : 'a control character';
  return `${field} must not contain ${what} (U+${code} at position ${match.index})${options.multiline ? '; tab and line breaks are allowed' : ''}`;
}

/** Throws BAD_USER_INPUT naming `field` when `value` holds control characters (see `controlCharacterProblem`). */
export function checkNoControl(value: string, field: string, options: { multiline?: boolean } = {}): string {
  const problem = controlCharacterProblem(value, field, options);
  if (problem) throw badInput(problem, field);
  return value;
}

/** Trimmed name of 1..200 characters, without control characters. */
export function checkName(value: string, field = 'name'): string {
  const name = value.trim();
  if (name.length === 0 || name.length > 200) throw badInput(`${field} must be 1 to 200 characters`, field);
  return checkNoControl(name, field);
}

/** Free text (descriptions): at most `max` characters; tab and line breaks allowed, other control characters not. */
export function checkText(value: string | null | undefined, field: string, max = 2000): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value.length > max) throw badInput(`${field} must be at most ${max} characters`, field);
  return checkNoControl(value, field, { multiline: true });
}

export function checkTags(tags: string[] | null | undefined, field = 'tags'): string[] | undefined {
  if (tags === null || tags === undefined) return undefined;
  if (tags.length > 50) throw badInput(`at most 50 ${field}`, field);
  if (tags.some((tag) => tag.length === 0 || tag.length > 64)) throw badInput(`each of ${field} must be 1 to 64 characters`, field);
  for (const tag of tags) checkNoControl(tag, field);
  return [...new Set(tags)];
}

/** An integer within [min, max]; null/undefined pass through as undefined. */
export function checkInt(value: number | null | undefined, field: string, min: number, max = 2 ** 31 - 1): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(`${field} must be an integer from ${min} to ${max}, got ${value}`, field);
  return value;
}

/** Rejects `null` for a field that may be omitted but not cleared. */
export function notNull<T>(value: T | null | undefined, field: string): T | undefined {
  if (value === null) throw badInput(`${field} may be omitted but not null`, field);
  return value;
}
