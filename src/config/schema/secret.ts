import { z } from 'zod';

/** Where a secret comes from: never inline in a config file. */
export const secretSourceSchema = z.union([
  z.strictObject({ env: z.string().min(1) }).describe('Read from this environment variable'),
  z.strictObject({ file: z.string().min(1) }).describe('Read from this file (trailing newline trimmed)'),
]);

export const credentialsSchema = z.strictObject({
  username: z.union([z.string().min(1), secretSourceSchema]).optional(),
  password: secretSourceSchema,
});

export type SecretSource = z.output<typeof secretSourceSchema>;
