type Schema = Record<string, unknown>;

const FIXED_TIME = '2024-01-01T00:00:00Z';

/**
 * The smallest value a schema accepts: every required property filled with a plain value of its type
 * (formats respected, the first enum value, null where allowed). The fake builds each reply from this
 * skeleton and lays its own state over it, so replies carry every field the forge promises.
 */
export function sample(schema: Schema | undefined, resolve: (ref: string) => unknown, depth = 0): unknown {
  if (!schema || depth > 12) return null;
  if (typeof schema.$ref === 'string') return sample(resolve(schema.$ref) as Schema, resolve, depth + 1);
  if (schema.nullable === true) return null;
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...schema.allOf.map((s) => sample(s as Schema, resolve, depth + 1) as object));
  }
  const choice = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (choice?.length) return sample(choice.find((s) => (s as Schema).type !== 'null') ?? choice[0], resolve, depth + 1);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? (schema.type.includes('null') ? 'null' : schema.type[0]) : schema.type;
  switch (type) {
    case 'null':
      return null;
    case 'string':
      return sampleString(schema);
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default:
      return sampleObject(schema, resolve, depth);
  }
}

function sampleObject(schema: Schema, resolve: (ref: string) => unknown, depth: number): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const out: Record<string, unknown> = {};
  for (const key of (schema.required as string[] | undefined) ?? []) out[key] = sample(props[key] ?? {}, resolve, depth + 1);
  return out;
}

function sampleString(schema: Schema): string {
  switch (schema.format) {
    case 'date-time':
      return FIXED_TIME;
    case 'date':
      return FIXED_TIME.slice(0, 10);
    case 'uri':
    case 'url':
      return 'https://forge.test/x';
    case 'uri-template':
      return 'https://forge.test/{x}';
    case 'email':
      return 'someone@forge.test';
    default:
      return typeof schema.minLength === 'number' && schema.minLength > 0 ? 'x'.repeat(schema.minLength) : 'x';
  }
}
