import { z } from 'zod';
import { secretSourceSchema } from './secret.js';
import { templateSchema } from './template.js';

export const FORGE_KINDS = ['github', 'gitlab', 'gitea'] as const;

/** `forge:`: the API that pull requests are opened through. */
export const forgeSchema = z.strictObject({
  type: z.enum(FORGE_KINDS).describe('github (and GitHub Enterprise), gitlab, or gitea (also Forgejo)'),
  url: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('API base URL; default https://api.github.com, https://gitlab.com/api/v4; required for gitea'),
  project: z
    .string()
    .regex(/^[^/\s]+(\/[^/\s]+)+$/, 'must be OWNER/NAME (GitLab: GROUP/…/PROJECT)')
    .optional()
    .describe('The repository on the forge; derived from repo.url when absent'),
  token: secretSourceSchema.describe('API token: { env: NAME } or { file: PATH }'),
});

/** A group key names a pull request branch segment, so it is kept to characters safe in a ref. */
export const groupKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lowercase letters, digits, "_" or "-" (at most 63)');

/** `pullRequest:` what the pull requests look like and how changes are grouped into them. */
export const pullRequestSchema = z
  .strictObject({
    grouping: z
      .enum(['all', 'policy', 'group'])
      .default('all')
      .describe('all: one PR; policy: one per policy; group: one per spec.update.group (a policy without one gets its own)'),
    branchPrefix: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be one path segment of letters, digits, ".", "_" or "-"')
      .default('imagebump')
      .describe('PR branches are PREFIX/TARGET/GROUP'),
    title: templateSchema.optional().describe('Handlebars template; default: the conventional-commit summary'),
    body: templateSchema.optional().describe('Handlebars template; default: a table of changes with source links'),
    labels: z.array(z.string().min(1)).default([]),
    reviewers: z.array(z.string().min(1)).default([]).describe('Usernames; GitHub teams as ORG/TEAM'),
    assignees: z.array(z.string().min(1)).default([]),
    autoMerge: z
      .union([z.literal(false), z.enum(['merge', 'squash', 'rebase'])])
      .default(false)
      .describe('Ask the forge to merge once checks pass, with this method'),
  })
  .default({ grouping: 'all', branchPrefix: 'imagebump', labels: [], reviewers: [], assignees: [], autoMerge: false });

export type ForgeConfig = z.output<typeof forgeSchema>;
export type PullRequestConfig = z.output<typeof pullRequestSchema>;
