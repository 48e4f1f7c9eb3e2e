// Input checks shared by the subgraphs' mutations. Each failure is BAD_USER_INPUT naming the field.
import { badInput } from './errors.js';

/** Trimmed name of 1..200 characters. */
export function checkName(value: string, field = 'name'): string {
  const name = value.trim();
  if (name.length === 0 || name.length > 200) throw badInput(`${field} must be 1 to 200 characters`, field);
  return name;
}

export function checkText(value: string | null | undefined, field: string, max = 2000): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value.length > max) throw badInput(`${field} must be at most ${max} characters`, field);
  return value;
}

export function checkTags(tags: string[] | null | undefined, field = 'tags'): string[] | undefined {
  if (tags === null || tags === undefined) return undefined;
  if (tags.length > 50) throw badInput(`at most 50 ${field}`, field);
  if (tags.some((tag) => tag.length === 0 || tag.length > 64)) throw badInput(`each of ${field} must be 1 to 64 characters`, field);
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
