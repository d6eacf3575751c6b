/**
 * GitHub's REST contract, read from the trimmed OpenAPI description in
 * ../spec/rest.json: route matching, and ajv validators for path and query
 * parameters, request bodies and response bodies.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

// ajv-formats is CommonJS; depending on the loader its default export may be wrapped once more.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

export interface ParamDef {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonObject;
  multiSegment: boolean;
}

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  docsUrl: string;
  segments: Array<{ literal: string } | { param: string; multi: boolean }>;
  params: ParamDef[];
  hasBody: boolean;
  bodyRequired: boolean;
  responseStatuses: string[];
  key: string;
}

export interface RouteMatch {
  operation: Operation;
  params: Record<string, string>;
}

export interface ContractProblem {
  where: 'path' | 'query' | 'body' | 'response';
  message: string;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ANNOTATIONS = new Set(['example', 'examples', 'description', 'x-github', 'x-octokit']);

/** OpenAPI 3.0 `nullable` → JSON Schema, since ajv only understands it next to `type`. */
function convertNullable(value: Json, isPropertyMap = false): Json {
  if (Array.isArray(value)) return value.map((item) => convertNullable(item));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    // Annotations only; inside `properties` these names are fields (e.g. a `description` field).
    if (!isPropertyMap && ANNOTATIONS.has(key)) continue;
    out[key] = convertNullable(item, !isPropertyMap && key === 'properties');
  }
  if (isPropertyMap) return out;
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [{ type: 'null' }, out] };
  }
  delete out.nullable;
  return out;
}

/** GitHub does not act on body fields it does not know: treat them as errors. */
function closeObject(schema: Json): Json {
  if (!isObject(schema)) return schema;
  const out: JsonObject = { ...schema };
  if (out.type === 'object' && isObject(out.properties) && out.additionalProperties === undefined) out.additionalProperties = false;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = out[key];
    if (Array.isArray(branches)) out[key] = branches.map(closeObject);
  }
  return out;
}

function pointerKey(operationId: string): string {
  return operationId.replace(/[^A-Za-z0-9_-]/g, '_');
}

export class Contract {
  readonly operations: Operation[] = [];
  readonly version: string;
  private readonly ajv: Ajv;
  private readonly paramAjv: Ajv;
  private readonly cache = new Map<string, ValidateFunction | null>();
  private readonly paramValidators = new Map<string, ValidateFunction>();

  constructor(specPath: URL) {
    const spec = JSON.parse(readFileSync(specPath, 'utf8')) as JsonObject;
    const info = isObject(spec.info) ? spec.info : {};
    const trimmed = isObject(info['x-trimmed-from']) ? info['x-trimmed-from'] : {};
    this.version = typeof trimmed.version === 'string' ? trimmed.version : String(info.version ?? 'unknown');
    const components = spec.components;
    const paths = spec.paths;
    if (!isObject(components) || !isObject(paths)) throw new Error('rest.json is not an OpenAPI description');
    const parameters = isObject(components.parameters) ? components.parameters : {};
    const responses = isObject(components.responses) ? components.responses : {};

    const deref = (value: Json | undefined, table: JsonObject): JsonObject | undefined => {
      if (isObject(value) && typeof value.$ref === 'string') {
        const target = table[value.$ref.split('/').pop() ?? ''];
        return isObject(target) ? target : undefined;
      }
      return isObject(value) ? value : undefined;
    };

    const ops: JsonObject = {};
    for (const [path, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      for (const [method, raw] of Object.entries(item)) {
        if (method === 'parameters' || !isObject(raw)) continue;
        const operationId = String(raw.operationId);
        const key = pointerKey(operationId);
        const params: ParamDef[] = [];
        for (const p of Array.isArray(raw.parameters) ? raw.parameters : []) {
          const def = deref(p, parameters);
          if (!def || (def.in !== 'path' && def.in !== 'query')) continue;
          params.push({
            name: String(def.name),
            in: def.in,
            required: def.required === true,
            schema: isObject(def.schema) ? (convertNullable(def.schema) as JsonObject) : {},
            multiSegment: def['x-multi-segment'] === true || def.name === 'basehead'
          });
        }
        const entry: JsonObject = { responses: {} };
        const requestBody = isObject(raw.requestBody) ? raw.requestBody : undefined;
        const bodyContent = requestBody && isObject(requestBody.content) ? requestBody.content['application/json'] : undefined;
        if (isObject(bodyContent) && bodyContent.schema !== undefined) entry.body = closeObject(convertNullable(bodyContent.schema));
        const responseStatuses: string[] = [];
        if (isObject(raw.responses)) {
          for (const [status, response] of Object.entries(raw.responses)) {
            responseStatuses.push(status);
            const resolved = deref(response, responses);
            const content = resolved && isObject(resolved.content) ? resolved.content['application/json'] : undefined;
            if (isObject(content) && content.schema !== undefined) (entry.responses as JsonObject)[status] = convertNullable(content.schema);
          }
        }
        ops[key] = entry;
        const docs = isObject(raw.externalDocs) && typeof raw.externalDocs.url === 'string' ? raw.externalDocs.url : 'https://docs.github.com/rest';
        this.operations.push({
          method: method.toUpperCase(),
          path,
          operationId,
          docsUrl: docs,
          segments: path
            .split('/')
            .slice(1)
            .map((segment) => {
              const m = /^\{(.+)\}$/.exec(segment);
              if (!m || !m[1]) return { literal: segment };
              const name = m[1];
              return { param: name, multi: params.some((p) => p.name === name && p.multiSegment) };
            }),
          params,
          hasBody: entry.body !== undefined,
          bodyRequired: requestBody?.required === true,
          responseStatuses,
          key
        });
      }
    }

    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addFormat('timestamp', true);
    // GitHub answers "" for unset URL fields (deployment status target_url, log_url,
    // environment_url) although the description marks them `format: uri`.
    this.ajv.addFormat('uri', (value: string) => value === '' || /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(value));
    this.ajv.addSchema({ $id: 'rest', components: convertNullable(components), ops } as unknown as object);
    this.paramAjv = new Ajv({ strict: false, allErrors: true, coerceTypes: true, useDefaults: true });
    addFormats(this.paramAjv);
  }

  /** Finds the operation for a method and path (path without query, already stripped of any GHES prefix). */
  match(method: string, path: string): RouteMatch | { pathMatched: boolean } {
    const raw = path.split('/').slice(1);
    let pathMatched = false;
    const candidates: Array<{ op: Operation; params: Record<string, string>; literals: number; greedy: boolean }> = [];
    for (const op of this.operations) {
      const params = this.matchSegments(op, raw);
      if (!params) continue;
      pathMatched = true;
      if (op.method !== method) continue;
      const literals = op.segments.filter((s) => 'literal' in s).length;
      candidates.push({ op, params: params.values, literals, greedy: params.greedy });
    }
    candidates.sort((a, b) => Number(a.greedy) - Number(b.greedy) || b.literals - a.literals);
    const best = candidates[0];
    return best ? { operation: best.op, params: best.params } : { pathMatched };
  }

  private matchSegments(op: Operation, raw: string[]): { values: Record<string, string>; greedy: boolean } | null {
    const values: Record<string, string> = {};
    let i = 0;
    let greedy = false;
    for (let s = 0; s < op.segments.length; s++) {
      const segment = op.segments[s];
      if (!segment) return null;
      const left = op.segments.length - s - 1;
      if ('literal' in segment) {
        if (raw[i] !== segment.literal) return null;
        i++;
        continue;
      }
      if (segment.multi) {
        const take = raw.length - i - left;
        if (take < 1) return null;
        if (take > 1) greedy = true;
        values[segment.param] = raw.slice(i, i + take).map(safeDecode).join('/');
        i += take;
      } else {
        const part = raw[i];
        if (part === undefined || part === '') return null;
        values[segment.param] = safeDecode(part);
        i++;
      }
    }
    return i === raw.length ? { values, greedy } : null;
  }

  /** Validates and coerces path and query parameters. */
  checkParams(op: Operation, pathParams: Record<string, string>, query: Record<string, string>): { path: Record<string, unknown>; query: Record<string, unknown>; problems: ContractProblem[]; unknownQuery: string[] } {
    const problems: ContractProblem[] = [];
    const outPath: Record<string, unknown> = { ...pathParams };
    const outQuery: Record<string, unknown> = {};
    for (const p of op.params) {
      const source = p.in === 'path' ? pathParams : query;
      const value = source[p.name];
      if (value === undefined) {
        if (p.required) problems.push({ where: p.in, message: `${p.name} is required` });
        continue;
      }
      const validate = this.paramValidator(op, p);
      const holder = { value: value as unknown };
      if (!validate(holder)) {
        problems.push({ where: p.in, message: `${p.in} parameter ${p.name}=${JSON.stringify(value)}: ${formatErrors(validate.errors, p.name)}` });
        continue;
      }
      if (p.in === 'path') outPath[p.name] = holder.value;
      else outQuery[p.name] = holder.value;
    }
    const known = new Set(op.params.filter((p) => p.in === 'query').map((p) => p.name));
    const unknownQuery = Object.keys(query).filter((k) => !known.has(k));
    return { path: outPath, query: outQuery, problems, unknownQuery };
  }

  private paramValidator(op: Operation, p: ParamDef): ValidateFunction {
    const key = `${op.key}:${p.in}:${p.name}`;
    let validate = this.paramValidators.get(key);
    if (!validate) {
      validate = this.paramAjv.compile({ type: 'object', properties: { value: p.schema }, required: ['value'] });
      this.paramValidators.set(key, validate);
    }
    return validate;
  }

  /** Validates a request body; an empty list means GitHub would accept it. */
  checkBody(op: Operation, body: unknown): ContractProblem[] {
    if (body === undefined) return op.bodyRequired ? [{ where: 'body', message: 'a JSON body is required' }] : [];
    if (!op.hasBody) return [];
    const validate = this.validator(`rest#/ops/${op.key}/body`);
    if (validate(body)) return [];
    return [{ where: 'body', message: formatErrors(validate.errors, 'body') }];
  }

  /** Validates a response body against the operation's schema for that status, when it has one. */
  checkResponse(op: Operation, status: number, body: unknown): ContractProblem[] {
    const declared = op.responseStatuses.includes(String(status)) || op.responseStatuses.includes('default');
    if (!declared && status < 400) return [{ where: 'response', message: `status ${status} is not documented for ${op.operationId}` }];
    const key = op.responseStatuses.includes(String(status)) ? String(status) : 'default';
    const validate = this.validator(`rest#/ops/${op.key}/responses/${key}`, true);
    if (!validate || validate(body)) return [];
    return [{ where: 'response', message: `${op.operationId} ${status}: ${formatErrors(validate.errors, 'response')}` }];
  }

  /** Validates any value against a named component schema (e.g. `basic-error`). */
  checkSchema(name: string, value: unknown): ContractProblem[] {
    const validate = this.validator(`rest#/components/schemas/${name}`);
    if (validate(value)) return [];
    return [{ where: 'response', message: `${name}: ${formatErrors(validate.errors, name)}` }];
  }

  private validator(ref: string): ValidateFunction;
  private validator(ref: string, optional: true): ValidateFunction | undefined;
  private validator(ref: string, optional = false): ValidateFunction | undefined {
    let validate = this.cache.get(ref);
    if (validate === undefined) {
      try {
        validate = this.ajv.getSchema(ref) ?? null;
      } catch {
        validate = null;
      }
      this.cache.set(ref, validate);
    }
    if (validate === null) {
      if (optional) return undefined;
      throw new Error(`No schema at ${ref}`);
    }
    return validate;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Ajv errors in the style of GitHub's "Invalid request" messages. */
export function formatErrors(errors: ErrorObject[] | null | undefined, root: string): string {
  if (!errors || errors.length === 0) return 'invalid';
  const seen = new Set<string>();
  const lines: string[] = [];
  // oneOf/anyOf wrappers repeat the branch errors; keep the most specific ones.
  for (const e of errors.filter((x) => x.keyword !== 'oneOf' && x.keyword !== 'anyOf').concat(errors.filter((x) => x.keyword === 'oneOf' || x.keyword === 'anyOf'))) {
    const where = e.instancePath === '' ? root : `${root}${e.instancePath}`;
    let text: string;
    if (e.keyword === 'additionalProperties') text = `${where}: "${String((e.params as { additionalProperty: string }).additionalProperty)}" is not a permitted key`;
    else if (e.keyword === 'enum') text = `${where}: is not a member of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
    else if (e.keyword === 'required') text = `${where}: "${String((e.params as { missingProperty: string }).missingProperty)}" wasn't supplied`;
    else text = `${where}: ${e.message ?? e.keyword}`;
    if (!seen.has(text)) {
      seen.add(text);
      lines.push(text);
    }
    if (lines.length >= 8) break;
  }
  return lines.join('; ');
}
