import { z } from 'zod';
import { credentialsSchema, secretSourceSchema } from './secret.js';
import { templateSchema } from './template.js';

/** How changes reach the repository: pushed as commits, or proposed in pull requests. */
export const writeModeSchema = z.enum(['commit', 'pull-request']);
export type WriteMode = z.output<typeof writeModeSchema>;

/** `repo:`: the environment repository and branch. */
export const repoSchema = z.strictObject({
  url: z.string().min(1).describe('Any URL git accepts: path, file://, https://, ssh'),
  branch: z.string().min(1).default('main').describe('The branch checked out (and, in pull-request mode, the PR target)'),
  pushBranch: z
    .string()
    .min(1)
    .optional()
    .describe('commit mode: push here instead of `branch`; created from `branch` when missing'),
  write: writeModeSchema.default('commit').describe('commit (push to the branch) or pull-request; policies may override'),
  credentials: credentialsSchema.optional().describe('For https remotes; username defaults to x-access-token'),
  depth: z.number().int().min(0).default(1).describe('Shallow clone depth; 0 clones all history'),
  timeoutSeconds: z
    .number()
    .positive()
    .max(3600)
    .optional()
    .describe('Deadline of each git command that talks to the remote (clone, fetch, push); default 120'),
});

const personSchema = z.strictObject({ name: z.string().min(1), email: z.string().min(1) });
const DEFAULT_AUTHOR = { name: 'imagebump', email: 'imagebump@localhost' };

/** `commit.signing:` git signs with its own machinery (gpg or ssh-keygen). */
export const signingSchema = z.strictObject({
  format: z.enum(['ssh', 'openpgp']).describe('ssh: an SSH key (gpg.format=ssh); openpgp: a GnuPG key'),
  key: z
    .union([z.string().min(1), secretSourceSchema])
    .describe('ssh: path of the private key, or { env }/{ file } holding it; openpgp: the key id (from GNUPGHOME)'),
});

/** `commit:`: how the cycle's commit is made. */
export const commitSchema = z
  .strictObject({
    author: personSchema.default(DEFAULT_AUTHOR),
    committer: personSchema.optional().describe('Defaults to the author'),
    message: templateSchema.optional().describe('Handlebars template; see the README for the fields'),
    trailers: z
      .array(z.string().regex(/^[A-Za-z0-9-]+: \S.*$/, 'must read "Key: value" on one line'))
      .default([])
      .describe('Appended to every commit message, e.g. "Signed-off-by: Bot <bot@example.com>"'),
    signing: signingSchema.optional(),
    maxAttempts: z.number().int().min(1).max(20).default(5),
  })
  .default({ author: DEFAULT_AUTHOR, trailers: [], maxAttempts: 5 });

export type CommitConfig = z.output<typeof commitSchema>;
export type SigningConfig = z.output<typeof signingSchema>;
