import { z } from 'zod';
import { credentialsSchema } from './secret.js';

/** `repo:`: the environment repository and branch. */
export const repoSchema = z.strictObject({
  url: z.string().min(1).describe('Any URL git accepts: path, file://, https://, ssh'),
  branch: z.string().min(1).default('main'),
  credentials: credentialsSchema.optional().describe('For https remotes; username defaults to x-access-token'),
  depth: z.number().int().min(0).default(1).describe('Shallow clone depth; 0 clones all history'),
});

const authorSchema = z.strictObject({ name: z.string().min(1), email: z.string().min(1) });
const DEFAULT_AUTHOR = { name: 'imagebump', email: 'imagebump@localhost' };

/** `commit:`: how the cycle's commit is made. */
export const commitSchema = z
  .strictObject({
    author: authorSchema.default(DEFAULT_AUTHOR),
    message: z.string().min(1).optional().describe('Template; see the README for placeholders'),
    maxAttempts: z.number().int().min(1).max(20).default(5),
  })
  .default({ author: DEFAULT_AUTHOR, maxAttempts: 5 });
