// The gateway's last step on every answer: @apollo/gateway's computeResponse
// (dist/resultShaping.js) walks the merged subgraph data once per selected field and value, to apply
// @skip/@include, aliases, __typename and fragments' type conditions and to check nullability and leaf
// values. On a lineage walk (a 37 KB answer, ~1,900 values) that walk was the gateway's largest cost
// above its floor (issue #13: ~1.8 ms of CPU per answer, more than parsing and serialising it): per value
// it read both directives of the selection again, allocated a result object and an assertion message
// closure, and reached each federation-internals helper through a re-export getter.
//
// This is the same algorithm, step for step (the same checks in the same order, the same errors and
// messages, the same merging of a response name selected twice), with the per-request work done once:
// each selection's @skip/@include is decided once per request (on first use, as the original decides
// it), a selection set's entries are read once, and no object is allocated per value. It replaces the
// gateway's function in the gateway's own module, so Apollo's executeQueryPlan calls it; the original
// stays reachable as `apolloComputeResponse` (result-shaping.test.ts checks that both agree).
import { createRequire } from 'node:module';
import type {
  CompositeType,
  FieldSelection,
  NamedType,
  Operation,
  Schema,
  Selection,
  SelectionSet,
  Type,
  Variable as VariableClass,
} from '@apollo/federation-internals';
import type * as FederationInternals from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';

type ComputeResponse = (args: {
  operation: Operation;
  variables?: Record<string, unknown>;
  input: Record<string, unknown> | null | undefined;
  introspectionHandling: (introspectionSelection: FieldSelection) => unknown;
}) => { data: Record<string, unknown> | null | undefined; errors: GraphQLError[] };

// The gateway's own copies of its modules (not a second install of federation-internals: `instanceof
// Variable` must see the gateway's class).
const gatewayRequire = createRequire(createRequire(import.meta.url).resolve('@apollo/gateway'));
const shapingModule = gatewayRequire('./resultShaping.js') as { computeResponse: ComputeResponse };
const fi = createRequire(gatewayRequire.resolve('./resultShaping.js'))(
  '@apollo/federation-internals',
) as typeof FederationInternals;

/** Apollo's computeResponse, as the package ships it. */
export const apolloComputeResponse: ComputeResponse = shapingModule.computeResponse;

// Read once: each is a getter on federation-internals' exports.
const {
  ERRORS,
  Variable,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isSubtype,
  isValidLeafValue,
  typenameFieldName,
} = fi;
const INVALID_GRAPHQL = ERRORS.INVALID_GRAPHQL;
/** Throws federation-internals' own Error when `condition` fails (typed without `asserts`: called as a plain function). */
const assert: (condition: unknown, message: string | (() => string)) => void = fi.assert;

const OK = 0;
const NULL_BUBBLE_UP = 1;

/** One selection of a selection set, with what its every visit needs. */
interface Entry {
  selection: Selection;
  /** Undefined until first visited (the original decides @skip/@include on each visit; the answer cannot change within a request). */
  skip: boolean | undefined;
  /** For a field: its response name, type, sub-selections and what kind of field it is. */
  responseName: string;
  type: Type | undefined;
  selectionSet: SelectionSet | undefined;
  introspection: boolean;
  typename: boolean;
}

interface Shaping {
  schema: Schema;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  introspectionHandling: (selection: FieldSelection) => unknown;
  /** This request's entries per selection set. */
  entries: Map<SelectionSet, Entry[]>;
}

function entriesOf(selectionSet: SelectionSet, parameters: Shaping): Entry[] {
  let entries = parameters.entries.get(selectionSet);
  if (!entries) {
    entries = selectionSet.selections().map((selection): Entry => {
      if (selection.kind === 'FieldSelection') {
        const field = selection.element;
        return {
          selection,
          skip: undefined,
          responseName: field.responseName(),
          type: field.definition.type,
          selectionSet: selection.selectionSet,
          introspection: field.definition.isSchemaIntrospectionField(),
          typename: field.name === typenameFieldName,
        };
      }
      return {
        selection,
        skip: undefined,
        responseName: '',
        type: undefined,
        selectionSet: selection.selectionSet,
        introspection: false,
        typename: false,
      };
    });
    parameters.entries.set(selectionSet, entries);
  }
  return entries;
}

/** An applied @skip or @include. */
type IfDirective = { arguments(): { if: unknown }; toString(): string };

function ifValue(directive: IfDirective, variables: Record<string, unknown>): boolean {
  const ifArg = directive.arguments().if;
  if (ifArg instanceof Variable) {
    const value = variables[(ifArg as VariableClass).name];
    assert(
      value !== undefined && typeof value === 'boolean',
      () => `Unexpected value ${String(value)} for variable ${String(ifArg)} of ${String(directive)}`,
    );
    return value as boolean;
  }
  return ifArg as boolean;
}

function shouldSkip(selection: Selection, parameters: Shaping): boolean {
  const element = selection.element;
  const skipDirective = element.appliedDirectivesOf(parameters.schema.skipDirective())[0];
  const includeDirective = element.appliedDirectivesOf(parameters.schema.includeDirective())[0];
  return Boolean(
    (skipDirective && ifValue(skipDirective, parameters.variables)) ||
    (includeDirective && !ifValue(includeDirective, parameters.variables)),
  );
}

function typeConditionApplies(
  schema: Schema,
  typeCondition: CompositeType | undefined,
  typename: string | undefined,
  parentType: CompositeType,
): boolean {
  if (!typeCondition) return true;
  if (typename) {
    const type = schema.type(typename);
    return !!type && isSubtype(typeCondition, type);
  }
  return isSubtype(typeCondition, parentType);
}

export const computeResponse: ComputeResponse = ({ operation, variables, input, introspectionHandling }) => {
  if (!input) return { data: input, errors: [] };
  const parameters: Shaping = {
    schema: operation.schema(),
    variables: { __proto__: null, ...operation.collectDefaultedVariableValues(), ...variables },
    errors: [],
    introspectionHandling,
    entries: new Map(),
  };
  const data = Object.create(null) as Record<string, unknown>;
  const res = applySelectionSet(
    input,
    operation.selectionSet,
    data,
    parameters,
    [],
    operation.schema().schemaDefinition.rootType(operation.rootKind)!,
  );
  return { data: res === NULL_BUBBLE_UP ? null : data, errors: parameters.errors };
};

function applySelectionSet(
  input: Record<string, unknown>,
  selectionSet: SelectionSet,
  output: Record<string, unknown>,
  parameters: Shaping,
  path: (string | number)[],
  parentType: CompositeType,
): number {
  for (const entry of entriesOf(selectionSet, parameters)) {
    if (entry.skip === undefined) entry.skip = shouldSkip(entry.selection, parameters);
    if (entry.skip) continue;
    if (entry.selection.kind === 'FieldSelection') {
      const responseName = entry.responseName;
      const outputValue = output[responseName];
      if (entry.introspection) {
        if (outputValue === undefined) output[responseName] = parameters.introspectionHandling(entry.selection);
        continue;
      }
      let inputValue = (Object.prototype.hasOwnProperty.call(input, responseName) ? input[responseName] : null) ?? null;
      if (entry.typename) {
        if (outputValue === undefined) {
          if (inputValue === null && responseName !== typenameFieldName) inputValue = input[typenameFieldName] ?? null;
          const type =
            inputValue !== null && typeof inputValue === 'string'
              ? (parameters.schema.type(inputValue) ?? parentType)
              : parentType;
          if (!isObjectType(type)) return NULL_BUBBLE_UP;
          output[responseName] = type.name;
        }
        continue;
      }
      path.push(responseName);
      const updated = updateOutputValue(
        outputValue,
        entry.type!,
        inputValue,
        entry.selectionSet,
        path,
        parameters,
        parentType,
      );
      output[responseName] = updated;
      path.pop();
      if (invalid) return NULL_BUBBLE_UP;
    } else {
      const fragment = entry.selection.element;
      const typename = input[typenameFieldName];
      if (!(!typename || typeof typename === 'string'))
        assert(false, `Got unexpected value for __typename: ${String(typename)}`);
      if (typeConditionApplies(parameters.schema, fragment.typeCondition, typename as string | undefined, parentType)) {
        const res = applySelectionSet(
          input,
          entry.selectionSet!,
          output,
          parameters,
          path,
          fragment.typeCondition ?? parentType,
        );
        if (res === NULL_BUBBLE_UP) return NULL_BUBBLE_UP;
      }
    }
  }
  return OK;
}

function pathLastElementDescription(path: (string | number)[], currentType: Type, parentType: CompositeType): string {
  const element = path[path.length - 1];
  assert(element !== undefined, 'Should not have been called on an empty path');
  return typeof element === 'string'
    ? `field ${String(parentType)}.${element}`
    : `array element of type ${String(currentType)} at index ${element}`;
}

// updateOutputValue's two flags, set by every call just before it returns (read by its caller at once):
// the original returned them in an object per value.
let invalid = false;
let hasErrors = false;

function updateOutputValue(
  outputValue: unknown,
  type: Type,
  inputValue: unknown,
  selectionSet: SelectionSet | undefined,
  path: (string | number)[],
  parameters: Shaping,
  parentType: CompositeType,
): unknown {
  if (inputValue === undefined) assert(false, 'Should not pass undefined for `inputValue` to this method');
  if (outputValue === null || (outputValue !== undefined && !selectionSet)) {
    invalid = hasErrors = false;
    return outputValue;
  }
  if (isNonNullType(type)) {
    const updated = updateOutputValue(outputValue, type.ofType, inputValue, selectionSet, path, parameters, parentType);
    if (updated === null) {
      if (!hasErrors)
        parameters.errors.push(
          INVALID_GRAPHQL.err(
            `Cannot return null for non-nullable ${pathLastElementDescription(path, type.ofType, parentType)}.`,
            { path: Array.from(path) },
          ),
        );
      invalid = hasErrors = true;
      return updated;
    }
    // As the original: a non-null value passes neither flag on.
    invalid = hasErrors = false;
    return updated;
  }
  if (inputValue === null) {
    invalid = hasErrors = false;
    return null;
  }
  if (isListType(type)) {
    if (!Array.isArray(inputValue))
      assert(false, `Invalid non-list value ${String(inputValue)} returned by subgraph for list type ${String(type)}`);
    if (!(outputValue === undefined || Array.isArray(outputValue)))
      assert(false, `Invalid non-list value ${String(outputValue)} returned by subgraph for list type ${String(type)}`);
    const inputList = inputValue as unknown[];
    const outputList = outputValue as unknown[] | undefined;
    if (outputList !== undefined && inputList.length !== outputList.length)
      assert(
        false,
        `[${String(inputList)}].length (${inputList.length}) !== [${String(outputList)}].length (${outputList.length})`,
      );
    let shouldNullify = false;
    let listHasErrors = false;
    const updated = new Array<unknown>(inputList.length);
    for (let idx = 0; idx < inputList.length; idx++) {
      path.push(idx);
      updated[idx] = updateOutputValue(
        outputList === undefined ? undefined : outputList[idx],
        type.ofType,
        inputList[idx],
        selectionSet,
        path,
        parameters,
        parentType,
      );
      path.pop();
      shouldNullify ||= invalid;
      listHasErrors ||= hasErrors;
    }
    invalid = false;
    hasErrors = listHasErrors;
    return shouldNullify ? null : updated;
  }
  if (isCompositeType(type)) {
    if (!selectionSet) assert(false, `Invalid empty selection set for composite type ${String(type)}`);
    if (typeof inputValue !== 'object')
      assert(
        false,
        `Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${String(type)}`,
      );
    if (!(outputValue === undefined || typeof outputValue === 'object'))
      assert(
        false,
        `Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${String(type)}`,
      );
    const input = inputValue as Record<string, unknown>;
    const inputTypename = input[typenameFieldName];
    if (!(inputTypename === undefined || typeof inputTypename === 'string'))
      assert(false, `Invalid non-string value ${String(inputTypename)} for __typename at ${String(path)}`);
    let objType: CompositeType = type;
    if (inputTypename) {
      const typenameType: NamedType | undefined = parameters.schema.type(inputTypename as string);
      if (!typenameType || !isCompositeType(typenameType)) {
        parameters.errors.push(
          INVALID_GRAPHQL.err(
            `Invalid __typename found for object at ${pathLastElementDescription(path, type, parentType)}.`,
            { path: Array.from(path) },
          ),
        );
        invalid = false;
        hasErrors = true;
        return null;
      }
      objType = typenameType;
    }
    const outputObject = (outputValue === undefined ? Object.create(null) : outputValue) as Record<string, unknown>;
    const res = applySelectionSet(input, selectionSet!, outputObject, parameters, path, objType);
    invalid = false;
    hasErrors = res === NULL_BUBBLE_UP;
    return hasErrors ? null : outputObject;
  }
  if (outputValue !== undefined)
    assert(false, `Excepted output to be undefined but got ${String(type)} for type ${String(type)}`);
  // What is left is a leaf (an output field never has an input object type), as the original assumes.
  const isValidValue = isValidLeafValue(parameters.schema, inputValue, type as Parameters<typeof isValidLeafValue>[2]);
  if (!isValidValue)
    parameters.errors.push(
      INVALID_GRAPHQL.err(`Invalid value found for ${pathLastElementDescription(path, type, parentType)}.`, {
        path: Array.from(path),
      }),
    );
  invalid = false;
  hasErrors = !isValidValue;
  return isValidValue ? inputValue : null;
}

/** Makes Apollo's executeQueryPlan shape answers with `computeResponse` above (idempotent, process-wide). */
export function installResultShaping(): void {
  shapingModule.computeResponse = computeResponse;
}
