// Input checks shared by the subgraphs' mutations: the one place that says how long a name, a description
// or a tag may be, for every asset kind in every subgraph. Each failure is BAD_USER_INPUT naming the field.
import { badInput } from './errors.js';

/** One limit per kind of field, in characters (tags: how many, and each one's length). */
export const LIMITS = {
  name: 200,
  description: 4000,
  /** Short free text that is not a name: hostnames, vendors, sites, locations, tasks. */
  label: 200,
  tags: 50,
  tag: 64,
  executionProviders: 32,
} as const;

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
export function controlCharacterProblem(
  value: string,
  field: string,
  options: { multiline?: boolean } = {},
): string | null {
  const match =
    (options.multiline ? CONTROL_IN_TEXT : CONTROL).exec(value) ?? (options.multiline ? null : INVISIBLE.exec(value));
  if (!match) return null;
  const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  const what = /\p{Cs}/u.test(match[0])
    ? 'a lone surrogate'
    : INVISIBLE.test(match[0])
      ? 'an invisible or bidirectional format character'
      : 'a control character';
  return `${field} must not contain ${what} (U+${code} at position ${match.index})${options.multiline ? '; tab and line breaks are allowed' : ''}`;
}

/** Throws BAD_USER_INPUT naming `field` when `value` holds control characters (see `controlCharacterProblem`). */
export function checkNoControl(value: string, field: string, options: { multiline?: boolean } = {}): string {
  const problem = controlCharacterProblem(value, field, options);
  if (problem) throw badInput(problem, field);
  return value;
}

/** Trimmed name of 1..LIMITS.name characters, without control or invisible characters. */
export function checkName(value: string, field = 'name'): string {
  const name = value.trim();
  if (name.length === 0 || name.length > LIMITS.name)
    throw badInput(`${field} must be 1 to ${LIMITS.name} characters`, field);
  return checkNoControl(name, field);
}

/** A required short text that is not a name (hostname, vendor, site, task): trimmed, 1..`max` characters. */
export function checkLabel(value: string, field: string, max: number = LIMITS.label): string {
  const text = value.trim();
  if (text.length === 0 || text.length > max) throw badInput(`${field} must be 1 to ${max} characters`, field);
  return checkNoControl(text, field);
}

/**
 * Free text (descriptions): at most `max` characters (LIMITS.description unless the field is shorter);
 * tab and line breaks allowed, other control characters not.
 */
export function checkText(
  value: string | null | undefined,
  field: string,
  max: number = LIMITS.description,
): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value.length > max) throw badInput(`${field} must be at most ${max} characters`, field);
  return checkNoControl(value, field, { multiline: true });
}

/**
 * A list filter's text (nameContains, tag, ownerOrg): null when not given, else 1 to `max` characters. An
 * empty one is refused rather than read as "no filter" or matched against nothing, alike for every list.
 */
export function checkFilter(value: string | null | undefined, field: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  if (value.length === 0 || value.length > max) throw badInput(`${field} must be 1 to ${max} characters`, field);
  return value;
}

// Bidi overrides and isolates (not the LRM/RLM marks right-to-left text needs) reorder what follows them on
// screen: a decision comment could show "approved" over text that reads otherwise in the audit trail.
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;

/**
 * A required free-text statement (an approver's decision comment): not blank, at most `max` characters,
 * tab and line breaks allowed, other control characters and bidi overrides/isolates not. Kept as sent.
 */
export function checkComment(value: string, field: string, max: number): string {
  if (value.trim().length === 0) throw badInput(`${field} is required: say why, in a sentence or two`, field);
  if (value.length > max) throw badInput(`${field} must be at most ${max} characters`, field);
  checkNoControl(value, field, { multiline: true });
  const bidi = BIDI_CONTROL.exec(value);
  if (bidi) {
    const code = bidi[0].codePointAt(0)!.toString(16).toUpperCase();
    throw badInput(
      `${field} must not contain a bidirectional override or isolate character (U+${code} at position ${bidi.index}): it reorders the text as shown`,
      field,
    );
  }
  return value;
}

/**
 * At most LIMITS.tags tags of 1..LIMITS.tag characters, without whitespace (tags are indexed for search
 * joined by spaces, so "power grid" would become two tags) or control characters; duplicates dropped.
 */
export function checkTags(tags: string[] | null | undefined, field = 'tags'): string[] | undefined {
  if (tags === null || tags === undefined) return undefined;
  if (tags.length > LIMITS.tags) throw badInput(`at most ${LIMITS.tags} ${field}`, field);
  if (tags.some((tag) => tag.length === 0 || tag.length > LIMITS.tag || /\s/u.test(tag)))
    throw badInput(`each of ${field} must be 1 to ${LIMITS.tag} characters without spaces`, field);
  for (const tag of tags) checkNoControl(tag, field);
  return [...new Set(tags)];
}

const EP_NAME = /^[a-z][a-z0-9_]{0,31}$/;

/** ONNX Runtime execution provider names: lower-cased, deduplicated, each a short identifier. */
export function checkExecutionProviders(
  value: string[] | null | undefined,
  field = 'executionProviders',
): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  const eps = [...new Set(value.map((ep) => ep.trim().toLowerCase()))];
  if (eps.length > LIMITS.executionProviders) throw badInput(`at most ${LIMITS.executionProviders} ${field}`, field);
  const bad = eps.find((ep) => !EP_NAME.test(ep));
  if (bad !== undefined)
    throw badInput(
      `${field}: "${bad}" is not an execution provider name (e.g. cpu, cuda, tensorrt, cann, openvino)`,
      field,
    );
  return eps;
}

/** An integer within [min, max]; null/undefined pass through as undefined. */
export function checkInt(
  value: number | null | undefined,
  field: string,
  min: number,
  max = 2 ** 31 - 1,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max)
    throw badInput(`${field} must be an integer from ${min} to ${max}, got ${value}`, field);
  return value;
}

/** Rejects `null` for a field that may be omitted but not cleared. */
export function notNull<T>(value: T | null | undefined, field: string): T | undefined {
  if (value === null) throw badInput(`${field} may be omitted but not null`, field);
  return value;
}
