import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../../src/config/json-schema.js';

describe('JSON Schemas in policies/', () => {
  it.each(Object.entries(jsonSchemas()))('%s is in sync with the zod schema (npx tsx scripts/gen-schema.ts)', (name, text) => {
    expect(readFileSync(new URL(`../../../policies/${name}`, import.meta.url), 'utf8')).toBe(text);
  });
});
