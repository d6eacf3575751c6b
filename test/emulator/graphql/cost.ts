/**
 * What GitHub charges for a GraphQL query, computed before it runs, by the rules of
 * GitHub's "Rate limits and query limits for the GraphQL API":
 *
 * - Node count: every connection may return as many nodes as its `first`/`last`,
 *   once for every node its enclosing connections may return. One query may ask for
 *   at most 500,000 nodes (`MAX_NODE_LIMIT_EXCEEDED`).
 * - Point cost: every connection needs one request per possible parent (the product
 *   of the `first`/`last` of the connections around it; 1 at the top). The requests of
 *   all connections are added up, divided by 100 and rounded to the nearest whole
 *   number; a query costs at least 1 point.
 *
 * Both are worst cases: a connection counts as full however few nodes it returns.
 * Fragments and inline fragments count where they are spread (every branch of a union
 * or interface counts, since any may be returned), `@include`/`@skip` are honoured with
 * the request's variables, aliased fields count once per alias, and `first`/`last` may be
 * variables (defaults included).
 */
import { getNamedType, getNullableType, isObjectType, valueFromAST } from 'graphql';
import type {
  ArgumentNode,
  DirectiveNode,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode
} from 'graphql';
import { isAbstractType, isInterfaceType } from 'graphql';

export const MAX_NODES = 500_000;
export const MAX_PAGE = 100;

export interface QueryCost {
  /** Points charged: round(requests / 100), at least 1. */
  cost: number;
  /** Requests needed to fill every connection, before dividing by 100. */
  requests: number;
  /** Nodes the query may return at most. */
  nodeCount: number;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  requests: number;
  nodes: number;
}

/** Whether `@skip`/`@include` leave a selection in. */
function included(directives: readonly DirectiveNode[] | undefined, variables: Record<string, unknown>): boolean {
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const arg = directive.arguments?.find((a) => a.name.value === 'if');
    if (!arg) continue;
    const value = arg.value.kind === 'Variable' ? variables[arg.value.name.value] : arg.value.kind === 'BooleanValue' ? arg.value.value : undefined;
    if (name === 'skip' && value === true) return false;
    if (name === 'include' && value !== true) return false;
  }
  return true;
}

/** The page size a connection field asks for: its `first` or `last` (the larger when both). Null when not a paginated connection. */
export function pageSize(field: GraphQLField<unknown, unknown>, node: { arguments?: readonly ArgumentNode[] | undefined }, variables: Record<string, unknown>): number | null {
  const named = getNamedType(field.type);
  if (!isObjectType(named) || !named.name.endsWith('Connection')) return null;
  let size: number | null = null;
  for (const name of ['first', 'last']) {
    const def = field.args.find((a) => a.name === name);
    const arg = node.arguments?.find((a) => a.name.value === name);
    if (!def || !arg) continue;
    const value = valueFromAST(arg.value, getNullableType(def.type), variables);
    if (typeof value === 'number') size = Math.max(size ?? 0, value);
  }
  const paginated = field.args.some((a) => a.name === 'first') && field.args.some((a) => a.name === 'last');
  return paginated ? (size ?? 0) : null;
}

function fieldOf(type: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(type) || isInterfaceType(type)) return type.getFields()[name];
  return undefined;
}

/**
 * Walks a selection set. `parents` is how many times this selection can be resolved (the product
 * of the enclosing connections' page sizes).
 */
function walk(w: Walk, type: GraphQLCompositeType, selections: SelectionSetNode, parents: number, seen: Set<string>): void {
  for (const selection of selections.selections) {
    if (!included(selection.directives, w.variables)) continue;
    if (selection.kind === 'InlineFragment') {
      const inner = selection.typeCondition ? (w.schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType | undefined) : type;
      if (inner) walk(w, inner, selection.selectionSet, parents, seen);
      continue;
    }
    if (selection.kind === 'FragmentSpread') {
      const name = selection.name.value;
      const fragment = w.fragments.get(name);
      if (!fragment || seen.has(name)) continue;
      const inner = w.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined;
      if (inner) walk(w, inner, fragment.selectionSet, parents, new Set([...seen, name]));
      continue;
    }
    if (!selection.selectionSet) continue;
    const field = fieldOf(type, selection.name.value);
    if (!field) continue;
    const named = getNamedType(field.type);
    if (!isObjectType(named) && !isAbstractType(named) && !isInterfaceType(named)) continue;
    const size = pageSize(field, selection, w.variables);
    let inside = parents;
    if (size !== null) {
      // One request per possible parent fills this connection; it may return `size` nodes per parent.
      w.requests += parents;
      inside = parents * size;
      w.nodes += inside;
    }
    walk(w, named as GraphQLCompositeType, selection.selectionSet, inside, seen);
  }
}

/** The cost and node count of the operation GitHub would run (the named one, or the only one). */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): QueryCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === 'FragmentDefinition') fragments.set(definition.name.value, definition);
    if (definition.kind === 'OperationDefinition' && (operationName === undefined || definition.name?.value === operationName)) operation ??= definition;
  }
  const w: Walk = { schema, fragments, variables, requests: 0, nodes: 0 };
  const root = operation?.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (operation && root) walk(w, root, operation.selectionSet, 1, new Set());
  return { cost: Math.max(1, Math.round(w.requests / 100)), requests: w.requests, nodeCount: w.nodes };
}
