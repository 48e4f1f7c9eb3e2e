// Bounded INVALID_ARGUMENT errors (issue #15). An error must stay small whatever the request: a request
// naming 200,000 unknown columns got an 82.9 MB answer in 4.2 s (each problem repeated the model's full
// column list, the message and `problems` each held all of them) and slowed every other query. So: at most
// MAX_PROBLEMS problems then "and N more", the model's inputs named once, names echoed at most MAX_NAME
// characters, and a request naming far more inputs than the model takes refused with one message.
import type { TensorSpec } from '../../../domain/models/signature.js';
import { InferenceError } from './errors.js';

/** Problems listed in one error; the rest are counted. */
export const MAX_PROBLEMS = 10;
/** Characters of a caller's name echoed back. */
export const MAX_NAME = 64;
/** Inputs (or columns) a request may name beyond the model's own before it is refused outright. */
export const EXTRA_INPUTS = 100;
/** Inputs named when listing what the model takes. */
const MAX_LISTED = 50;

/** A caller's name, quoted, cut to MAX_NAME characters (saying how long it was). */
export function quoted(name: string): string {
  if (name.length <= MAX_NAME) return JSON.stringify(name);
  return `${JSON.stringify(name.slice(0, MAX_NAME))}… (${name.length} characters)`;
}

/** `"a", "b", …` of the model's input names (at most MAX_LISTED, then how many more), each formatted by `show`. */
export function listInputs(specs: readonly TensorSpec[], show = (s: TensorSpec) => JSON.stringify(s.name)): string {
  const shown = specs.slice(0, MAX_LISTED).map(show).join(', ');
  return specs.length > MAX_LISTED ? `${shown} and ${specs.length - MAX_LISTED} more` : shown;
}

/**
 * The one refusal of a request that names more inputs than the model could take (its own + EXTRA_INPUTS),
 * before any of them is looked at; null when the count is plausible.
 */
export function tooManyInputs(given: number, specs: readonly TensorSpec[], what = 'inputs'): string | null {
  if (given <= specs.length + EXTRA_INPUTS) return null;
  return (
    `the request names ${given} ${what}, but the model takes ${specs.length} (${listInputs(specs)}): ` +
    `send only the model's ${what}`
  );
}

/** One problem for every name the model does not take: up to MAX_PROBLEMS of them quoted, then the model's inputs. */
export function unknownInputs(unknown: readonly string[], specs: readonly TensorSpec[]): string {
  const named = unknown.slice(0, MAX_PROBLEMS).map(quoted).join(', ');
  const more = unknown.length > MAX_PROBLEMS ? ` and ${unknown.length - MAX_PROBLEMS} more` : '';
  const one = unknown.length === 1;
  return `${one ? 'input' : 'inputs'} ${named}${more}: unknown input${one ? '' : 's'}; the model takes ${listInputs(specs)}`;
}

/** At most MAX_PROBLEMS of `problems`, then one entry counting the rest. */
export function capProblems(problems: readonly string[]): string[] {
  if (problems.length <= MAX_PROBLEMS) return [...problems];
  const more = problems.length - MAX_PROBLEMS;
  return [...problems.slice(0, MAX_PROBLEMS), `and ${more} more problem${more === 1 ? '' : 's'}`];
}

/**
 * INVALID_ARGUMENT with `problems` capped (capProblems) in both the message and `details`; `note` (e.g. what
 * the model takes) is said once, at the end of the message.
 */
export function invalidArgument(problems: readonly string[], note?: string): InferenceError {
  const listed = capProblems(problems);
  const message = listed.join('; ') + (note ? `. ${note}` : '');
  return new InferenceError('INVALID_ARGUMENT', message, listed);
}
