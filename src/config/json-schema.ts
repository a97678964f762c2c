import { z } from 'zod';
import { configSchema, policyDocumentSchema } from './schema.js';

/** JSON Schemas for editors, generated from the same zod schemas that validate at run time. */
export function jsonSchemas(): Record<string, string> {
  const render = (schema: z.ZodType, id: string, title: string) =>
    JSON.stringify({ ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), $id: id, title }, null, 2) + '\n';
  return {
    'imagebump-config.schema.json': render(configSchema, 'https://imagebump.dev/schemas/config.json', 'imagebump config'),
    'imagebump-policy.schema.json': render(policyDocumentSchema, 'https://imagebump.dev/schemas/policy.json', 'imagebump ImagePolicy'),
  };
}
