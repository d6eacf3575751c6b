/**
 * POST /graphql: parse, validate against GitHub's schema, check GitHub's
 * pagination rules, then execute over the emulator's model. Answers come in
 * GitHub's shape (HTTP 200 with `errors`).
 */
import {
  GraphQLError,
  TypeInfo,
  execute,
  getNamedType,
  getNullableType,
  isObjectType,
  parse,
  valueFromAST,
  valueFromASTUntyped,
  validate,
  visit,
  visitWithTypeInfo
} from 'graphql';
import type { DocumentNode, GraphQLFieldResolver, GraphQLTypeResolver, OperationDefinitionNode } from 'graphql';
import { githubSchema } from './schema.js';
import { rootValue } from './resolvers.js';
import { MAX_NODES, MAX_PAGE, queryCost } from './cost.js';
import type { QueryCost } from './cost.js';
import type { GqlContext, GqlNode } from './resolvers.js';

export interface GraphqlOutcome {
  body: Record<string, unknown>;
  /** Problems GitHub would reject the request for. */
  violations: string[];
}

type GitHubError = { message: string; type?: string; path?: ReadonlyArray<string | number>; locations?: ReadonlyArray<{ line: number; column: number }>; extensions?: Record<string, unknown> };

function githubError(error: GraphQLError): GitHubError {
  const out: GitHubError = { message: error.message };
  const type = error.extensions.type;
  if (typeof type === 'string') out.type = type;
  if (error.path) out.path = error.path;
  if (error.locations) out.locations = error.locations.map((l) => ({ line: l.line, column: l.column }));
  const { type: _type, ...rest } = error.extensions;
  if (Object.keys(rest).length > 0) out.extensions = rest;
  return out;
}

/** graphql-js validation messages rewritten the way GitHub words the common ones. */
function validationError(error: GraphQLError): GitHubError {
  const undefinedField = /^Cannot query field "(.+?)" on type "(.+?)"\./.exec(error.message);
  const out = githubError(error);
  if (undefinedField) {
    out.message = `Field '${undefinedField[1] ?? ''}' doesn't exist on type '${undefinedField[2] ?? ''}'`;
    out.extensions = { code: 'undefinedField', typeName: undefinedField[2], fieldName: undefinedField[1] };
  }
  return out;
}

/** GitHub requires first or last on every connection, 1 to 100. */
function paginationErrors(document: DocumentNode, variables: Record<string, unknown>): GitHubError[] {
  const schema = githubSchema();
  const typeInfo = new TypeInfo(schema);
  const errors: GitHubError[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const def = typeInfo.getFieldDef();
        if (!def) return;
        const named = getNamedType(def.type);
        if (!isObjectType(named) || !named.name.endsWith('Connection')) return;
        const hasFirst = def.args.some((a) => a.name === 'first');
        const hasLast = def.args.some((a) => a.name === 'last');
        if (!hasFirst || !hasLast) return;
        const value = (name: string): unknown => {
          const arg = node.arguments?.find((a) => a.name.value === name);
          const argDef = def.args.find((a) => a.name === name);
          if (!arg || !argDef) return undefined;
          return valueFromAST(arg.value, getNullableType(argDef.type), variables);
        };
        const first = value('first');
        const last = value('last');
        const location = node.loc ? [{ line: node.loc.startToken.line, column: node.loc.startToken.column }] : [];
        if ((first === undefined || first === null) && (last === undefined || last === null)) {
          errors.push({
            type: 'MISSING_PAGINATION_BOUNDARIES',
            message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${def.name}\` connection.`,
            locations: location
          });
        }
        for (const [name, v] of [['first', first], ['last', last]] as const) {
          if (typeof v === 'number' && v > MAX_PAGE) {
            errors.push({
              type: 'EXCESSIVE_PAGINATION',
              message: `Requesting ${v} records on the \`${def.name}\` connection exceeds the \`${name}\` limit of ${MAX_PAGE} records.`,
              locations: location
            });
          } else if (typeof v === 'number' && v < 1) {
            // GitHub's documentation: "Values of first and last must be within 1-100."
            errors.push({
              type: 'INVALID_PAGINATION',
              message: `\`${name}\` on the \`${def.name}\` connection must be within 1-${MAX_PAGE}; ${v} was given.`,
              locations: location
            });
          }
        }
      }
    })
  );
  return errors;
}

/** A query that passed GitHub's checks, with what it costs. */
export interface PreparedQuery {
  document: DocumentNode;
  variables: Record<string, unknown>;
  operationName: string | undefined;
  mutation: boolean;
  /** `rateLimit(dryRun: true)` asked: GitHub only computes the cost. */
  dryRun: boolean;
  cost: QueryCost;
}

/** What `rateLimit` reports: the holder's budget after this query, and this query's cost. */
export interface RateReport {
  limit: number;
  remaining: number;
  used: number;
  resetAt: Date;
  cost: number;
  nodeCount: number;
}

const formatCount = (n: number) => n.toLocaleString('en-US');

/**
 * Parses and checks a request as GitHub does before running it (syntax, schema, pagination,
 * node limit) and computes its cost. Answers with GitHub's error shape when it would not run.
 */
export function prepareGraphql(payload: unknown): { query: PreparedQuery } | GraphqlOutcome {
  const request = (payload ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
  if (typeof request.query !== 'string') {
    const message = 'A query attribute must be specified and must be a string.';
    return { body: { errors: [{ message }] }, violations: [message] };
  }
  const schema = githubSchema();
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    const e = error instanceof GraphQLError ? githubError(error) : { message: String(error) };
    return { body: { errors: [e] }, violations: [`GraphQL syntax: ${e.message}`] };
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) {
    const errors = invalid.map(validationError);
    return { body: { errors }, violations: errors.map((e) => `GraphQL validation: ${e.message}`) };
  }
  const variables = request.variables && typeof request.variables === 'object' ? (request.variables as Record<string, unknown>) : {};
  const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && (operationName === undefined || d.name?.value === operationName)
  );
  if (operation?.operation === 'mutation') {
    const message = 'The emulator does not implement GraphQL mutations';
    return { body: { errors: [{ type: 'NOT_IMPLEMENTED', message }] }, violations: [message] };
  }
  const withDefaults: Record<string, unknown> = { ...variables };
  for (const def of operation?.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    if (withDefaults[name] === undefined && def.defaultValue) withDefaults[name] = valueFromASTUntyped(def.defaultValue);
  }
  const pagination = paginationErrors(document, withDefaults);
  if (pagination.length > 0) return { body: { errors: pagination }, violations: pagination.map((e) => `GraphQL: ${e.message}`) };
  const cost = queryCost(schema, document, withDefaults, operationName);
  if (cost.nodeCount > MAX_NODES) {
    const message = `This query requests up to ${formatCount(cost.nodeCount)} possible nodes which exceeds the maximum limit of ${formatCount(MAX_NODES)}.`;
    return { body: { errors: [{ type: 'MAX_NODE_LIMIT_EXCEEDED', message }] }, violations: [`GraphQL: ${message}`] };
  }
  const dryRun = (operation?.selectionSet.selections ?? []).some(
    (s) =>
      s.kind === 'Field' &&
      s.name.value === 'rateLimit' &&
      s.arguments?.some((a) => a.name.value === 'dryRun' && (a.value.kind === 'Variable' ? withDefaults[a.value.name.value] === true : a.value.kind === 'BooleanValue' && a.value.value))
  );
  return { query: { document, variables, operationName, mutation: false, dryRun, cost } };
}

/** Runs a prepared query over the model. */
export function executeGraphql(prepared: PreparedQuery, ctx: GqlContext, rate: RateReport): GraphqlOutcome {
  const schema = githubSchema();
  const { document, variables, operationName } = prepared;
  const fieldResolver: GraphQLFieldResolver<unknown, GqlContext> = (source, args, context, info) => {
    // A dry run computes the cost only: nothing but rateLimit is evaluated.
    if (prepared.dryRun && info.parentType.name === 'Query' && info.fieldName !== 'rateLimit') return null;
    const node = source as GqlNode | null;
    if (node && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, info.fieldName)) {
      const value = node[info.fieldName];
      return typeof value === 'function' ? (value as (a: unknown, c: GqlContext) => unknown)(args, context) : value;
    }
    const name = `${info.parentType.name}.${info.fieldName}`;
    context.unimplemented.push(name);
    throw new GraphQLError(`The GitHub emulator does not implement the field ${name}`, { extensions: { type: 'NOT_IMPLEMENTED' } });
  };
  const typeResolver: GraphQLTypeResolver<unknown, GqlContext> = (value) => (value as GqlNode).__typename;

  const result = execute({
    schema,
    document,
    rootValue: rootValue(ctx, rate),
    contextValue: ctx,
    variableValues: variables,
    operationName,
    fieldResolver,
    typeResolver
  });
  if (result instanceof Promise) throw new Error('GraphQL execution unexpectedly became asynchronous');
  const violations: string[] = [];
  const body: Record<string, unknown> = {};
  if (result.data !== undefined) body.data = result.data;
  if (result.errors && result.errors.length > 0) {
    body.errors = result.errors.map(githubError);
    // Without data the request itself was rejected (variables, operation name).
    if (result.data === undefined) violations.push(...result.errors.map((e) => `GraphQL request: ${e.message}`));
  }
  for (const field of ctx.unimplemented) violations.push(`GraphQL field not implemented by the emulator: ${field}`);
  return { body, violations };
}
