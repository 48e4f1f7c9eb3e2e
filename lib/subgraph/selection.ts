// What a resolver's caller asked for below it, read from the operation: lets a reference resolver read
// a field's data along with the reference check when (and only when) the field was asked for.
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the selection under the current field asks for `field` on `typeName`: directly, in an inline
 * fragment on that type (the gateway's `_entities { ... on ModelVersion { deployments } }`) or without a
 * type condition, or in a named fragment on it. Directives (@skip/@include) are not evaluated: a field
 * under one counts as asked for, which costs at most a read that is not used.
 */
export function selectsField(info: GraphQLResolveInfo, typeName: string, field: string): boolean {
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((selection) => {
      switch (selection.kind) {
        case Kind.FIELD:
          return selection.name.value === field;
        case Kind.INLINE_FRAGMENT:
          return (
            (!selection.typeCondition || selection.typeCondition.name.value === typeName) &&
            visit(selection.selectionSet)
          );
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = info.fragments[name];
          if (!fragment || seen.has(name) || fragment.typeCondition.name.value !== typeName) return false;
          seen.add(name);
          return visit(fragment.selectionSet);
        }
        default:
          return false;
      }
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
