import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ROOT } from '../cli.js';

type Schema = Record<string, unknown>;
interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: Schema;
  type?: string;
  [k: string]: unknown;
}
interface Operation {
  operationId?: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }>; schema?: Schema; $ref?: string }>;
}
export interface MatchedOperation {
  template: string;
  method: string;
  operationId: string;
  params: Record<string, string>;
}

// ajv-formats is CommonJS with a default export; under NodeNext the callable sits on .default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/**
 * An API description (OpenAPI 3 or Swagger 2) that requests and replies are checked against:
 * path and query parameters (types, enums, required), JSON bodies, and reply bodies per status.
 */
export class ApiDescription {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  private readonly doc: Schema;
  private readonly compiled = new Map<Schema, ValidateFunction>();

  constructor(file: string) {
    this.doc = JSON.parse(readFileSync(`${ROOT}test/fixtures/openapi/${file}`, 'utf8')) as Schema;
    addFormats(this.ajv);
    // GitHub's own format names; their values are strings either way.
    for (const name of ['repo.nwo', 'ssh-key', 'ssh-key fingerprint']) this.ajv.addFormat(name, true);
    this.ajv.addSchema(this.rebase(this.doc) as Schema, 'doc');
  }

  get basePath(): string {
    return (this.doc.basePath as string | undefined) ?? '';
  }

  /** The operation a request is for, or undefined when the description has none (the fake answers 404). */
  match(method: string, pathname: string): MatchedOperation | undefined {
    const paths = this.doc.paths as Record<string, Record<string, Operation>>;
    const rel = pathname.startsWith(this.basePath) ? pathname.slice(this.basePath.length) : pathname;
    for (const [template, item] of Object.entries(paths)) {
      const op = item[method.toLowerCase()];
      if (!op) continue;
      const names: string[] = [];
      const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, n: string) => (names.push(n), '([^/]+)'))}$`);
      const m = re.exec(rel);
      if (!m) continue;
      const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
      return { template, method: method.toLowerCase(), operationId: op.operationId ?? `${method} ${template}`, params };
    }
    return undefined;
  }

  /** Problems with a request; empty when it conforms. */
  checkRequest(op: MatchedOperation, query: URLSearchParams, body: unknown): string[] {
    const operation = this.operation(op);
    const problems: string[] = [];
    const declared = new Set<string>();
    for (const p of this.parameters(op)) {
      declared.add(`${p.in}:${p.name}`);
      if (p.in === 'body') problems.push(...this.check(p.schema ?? {}, body, 'body'));
      if (p.in !== 'path' && p.in !== 'query') continue;
      const raw = p.in === 'path' ? op.params[p.name] : query.getAll(p.name);
      const present = Array.isArray(raw) ? raw.length > 0 : raw !== undefined;
      if (!present) {
        if (p.required) problems.push(`${p.in} parameter ${p.name} is required`);
        continue;
      }
      const schema = p.schema ?? paramSchema(p);
      problems.push(...this.check(schema, coerce(schema, raw!), `${p.in} parameter ${p.name}`));
    }
    for (const key of new Set(query.keys())) if (!declared.has(`query:${key}`)) problems.push(`query parameter ${key} is not in the description`);
    const rb = operation.requestBody?.content?.['application/json']?.schema;
    if (rb) problems.push(...this.check(rb, body, 'body'));
    else if (operation.requestBody?.required) problems.push('a JSON body is required');
    return problems;
  }

  /** Problems with a reply; empty when the status is described and the body fits its schema. */
  checkResponse(op: MatchedOperation, status: number, body: unknown): string[] {
    const responses = this.operation(op).responses;
    const response = responses[String(status)] ?? responses.default;
    if (!response) return [`status ${status} is not described for ${op.operationId}`];
    const resolved = response.$ref ? (this.resolve(response.$ref) as typeof response) : response;
    const schema = resolved.content?.['application/json']?.schema ?? resolved.schema;
    return schema ? this.check(schema, body, `reply ${status}`) : [];
  }

  /** A reply's schema, to build a fake reply from. */
  responseSchema(op: MatchedOperation, status: number): Schema | undefined {
    const r = this.operation(op).responses[String(status)];
    const resolved = r?.$ref ? (this.resolve(r.$ref) as typeof r) : r;
    return resolved?.content?.['application/json']?.schema ?? resolved?.schema;
  }

  resolve(ref: string): unknown {
    let at: unknown = this.doc;
    for (const k of ref.slice(2).split('/')) at = (at as Record<string, unknown>)[k.replace(/~1/g, '/').replace(/~0/g, '~')];
    return at;
  }

  private operation(op: MatchedOperation): Operation {
    return (this.doc.paths as Record<string, Record<string, Operation>>)[op.template]![op.method]!;
  }

  private parameters(op: MatchedOperation): Parameter[] {
    const item = (this.doc.paths as Record<string, { parameters?: Parameter[] }>)[op.template]!;
    const all = [...(item.parameters ?? []), ...(this.operation(op).parameters ?? [])];
    return all.map((p) => ('$ref' in p && typeof p.$ref === 'string' ? (this.resolve(p.$ref) as Parameter) : (p as Parameter)));
  }

  private check(schema: Schema, value: unknown, what: string): string[] {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(this.rebase(schema) as Schema);
      this.compiled.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, 5).map((e) => `${what}${e.instancePath}: ${e.message}`);
  }

  /**
   * Local `#/…` references point into the whole document, registered as `doc`; OpenAPI 3.0's
   * `nullable: true` becomes the JSON Schema it means (null is also allowed).
   */
  private rebase(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.rebase(v));
    if (!value || typeof value !== 'object') return value;
    const out = Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `doc${v}` : this.rebase(v)]),
    ) as Schema;
    if (out.nullable !== true) return out;
    const { nullable: _nullable, ...rest } = out;
    if (Array.isArray(rest.enum)) rest.enum = [...rest.enum, null];
    if (typeof rest.type === 'string' && !rest.allOf && !rest.anyOf && !rest.oneOf) return { ...rest, type: [rest.type, 'null'] };
    return { anyOf: [rest, { type: 'null' }] };
  }
}

const loaded = new Map<string, ApiDescription>();

/** One compiled description per file per process: compiling GitHub's schemas takes a moment. */
export function apiDescription(file: string): ApiDescription {
  let api = loaded.get(file);
  if (!api) {
    api = new ApiDescription(file);
    loaded.set(file, api);
  }
  return api;
}

/** Swagger 2 puts type/format/enum/items on the parameter itself. */
function paramSchema(p: Parameter): Schema {
  const { in: _in, name: _name, required: _required, collectionFormat: _cf, ...schema } = p;
  return schema;
}

function coerce(schema: Schema, raw: string | string[]): unknown {
  if (schema.type === 'array') return (Array.isArray(raw) ? raw : [raw]).flatMap((r) => r.split(',')).map((r) => coerce((schema.items as Schema) ?? {}, r));
  const one = Array.isArray(raw) ? raw[0]! : raw;
  if (schema.type === 'integer' || schema.type === 'number') return /^-?\d+(\.\d+)?$/.test(one) ? Number(one) : one;
  if (schema.type === 'boolean') return one === 'true' ? true : one === 'false' ? false : one;
  return one;
}
