// What a resolver's caller asked for below it, read from the operation: lets a reference resolver read
// a field's data along with the reference check when (and only when) the field was asked for.
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the selection under the current field asks for `field` on `typeName`: directly, in an inline
 * fragment on that type (the gateway's `_entities { ... on ModelVersion { deployments } }`) or without a
 * type condition, or in a named fragment on it. Directives (@skip/@include) are not evaluated: a field
 * under one counts as asked for, which costs at most a read that is not used.
 */
export function selectsField(info: GraphQLResolveInfo, typeName: string, field: string): boolean {
  return selectsPath(info, [[typeName, field]]);
}

/**
 * `selectsField` some levels down: whether the selection asks for each step's field on its type, the
 * next step inside the one before (`[['ModelConnection', 'edges'], ['ModelEdge', 'node'], ['Model',
 * 'versions']]`: a page of models whose versions are asked for), so that a list's query can read a nested
 * field along with the page.
 */
export function selectsPath(
  info: GraphQLResolveInfo,
  path: readonly (readonly [typeName: string, field: string])[],
): boolean {
  let sets: (SelectionSetNode | undefined)[] = info.fieldNodes.map((node) => node.selectionSet);
  for (const [typeName, field] of path) {
    const found = sets.flatMap((set) => fieldsNamed(info, set, typeName, field, new Set()));
    if (found.length === 0) return false;
    sets = found.map((node) => node.selectionSet);
  }
  return true;
}

/** The fields called `field` in `set`, looking into fragments on `typeName` or without a type condition. */
function fieldsNamed(
  info: GraphQLResolveInfo,
  set: SelectionSetNode | undefined,
  typeName: string,
  field: string,
  seen: Set<string>,
): FieldNode[] {
  return (set?.selections ?? []).flatMap((selection): FieldNode[] => {
    switch (selection.kind) {
      case Kind.FIELD:
        return selection.name.value === field ? [selection] : [];
      case Kind.INLINE_FRAGMENT:
        return !selection.typeCondition || selection.typeCondition.name.value === typeName
          ? fieldsNamed(info, selection.selectionSet, typeName, field, seen)
          : [];
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        const fragment = info.fragments[name];
        if (!fragment || seen.has(name) || fragment.typeCondition.name.value !== typeName) return [];
        seen.add(name);
        return fieldsNamed(info, fragment.selectionSet, typeName, field, seen);
      }
      default:
        return [];
    }
  });
}
