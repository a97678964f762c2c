import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemas } from '../src/config/json-schema.js';

for (const [name, text] of Object.entries(jsonSchemas())) {
  writeFileSync(join('policies', name), text);
  console.log(`wrote policies/${name}`);
}
