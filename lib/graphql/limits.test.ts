import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSchema, parse, validate, type ValidationRule } from 'graphql';
import { config } from '../config.js';
import { graphqlLimits } from './limits.js';

// A self-referencing type, so any depth can be written.
const schema = buildSchema(`
  interface Node { id: ID! }
  type Item implements Node { id: ID! name: String child: Item }
  type Query { item: Item node: Node }
`);

const rules = graphqlLimits('gateway').validationRules as ValidationRule[];
const errorsOf = (query: string) => validate(schema, parse(query), rules).map((e) => e.message);

/** `item { child { child { … name } } }`: `fields` levels of fields, counting `item` and `name`. */
function nested(fields: number): string {
  let body = 'name';
  for (let i = 0; i < fields - 2; i += 1) body = `child { ${body} }`;
  return `item { ${body} }`;
}

test('the depth limit counts fields, however the selection is split into fragments', () => {
  const max = config.limits.maxDepth;
  for (const [fields, allowed] of [
    [max, true],
    [max + 1, false],
  ] as const) {
    const inPlace = `{ ${nested(fields)} }`;
    // The same selection, its inner part moved into a named fragment and into an inline one.
    const inner = nested(fields).replace(/^item \{ (.*) \}$/, '$1');
    const named = `{ item { ...Inner } } fragment Inner on Item { ${inner} }`;
    const inline = `{ item { ... on Item { ${inner} } } }`;
    for (const query of [inPlace, named, inline]) {
      const errors = errorsOf(query);
      if (allowed) assert.deepEqual(errors, [], `${fields} levels should pass: ${query}`);
      else
        assert.ok(
          errors.some((m) => /depth/i.test(m)),
          `${fields} levels should be refused for depth: ${query} (got ${JSON.stringify(errors)})`,
        );
    }
  }
});
