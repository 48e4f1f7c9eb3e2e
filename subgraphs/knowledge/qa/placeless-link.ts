// Its own module so both the linker and the semantic index (which the linker builds) can use it without a cycle.
import type { LexEntity, LinkedEntity } from './linker.js';

/** An entity linked from no one place in the question (full text, meaning, a composed or derived link). */
export function placelessLink(
  entity: LexEntity,
  how: LinkedEntity['how'],
  confidence: number,
  matched = entity.name,
): LinkedEntity {
  return { ...entity, matched, matchedText: matched, how, confidence, start: -1, end: -1 };
}
