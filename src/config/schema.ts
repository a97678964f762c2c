import { z } from 'zod';
import { daemonSchema, serverSchema } from './schema/daemon.js';
import { forgeSchema, pullRequestSchema } from './schema/forge.js';
import { dockerConfigSchema, registriesSchema } from './schema/registry.js';
import { commitSchema, repoSchema } from './schema/repo.js';

export { secretSourceSchema, credentialsSchema, type SecretSource } from './schema/secret.js';
export { policyDocumentSchema, policySpecSchema, POLICY_API_VERSION, type PolicyDocument } from './schema/policy.js';

/** The config file. Each section's schema lives in `schema/`, named for what it configures. */
export const configSchema = z.strictObject({
  apiVersion: z.literal('imagebump.dev/v1alpha1').optional(),
  kind: z.literal('Config').optional(),
  repo: repoSchema.optional(),
  policies: z
    .array(z.string().min(1))
    .default(['.'])
    .describe('Policy files or directories: repo-relative, or absolute local paths'),
  paths: z.array(z.string().min(1)).default(['.']).describe('Repo-relative directories or files to scan'),
  commit: commitSchema,
  forge: forgeSchema.optional().describe('The forge API pull requests are opened through (repo.write: pull-request)'),
  pullRequest: pullRequestSchema,
  registries: registriesSchema,
  dockerConfig: dockerConfigSchema.optional(),
  schedule: z.string().min(1).default('*/5 * * * *').describe('Cron expression for `imagebump run`'),
  workdir: z.string().min(1).optional().describe('Where clones are made; a temp dir by default'),
  server: serverSchema.optional().describe('HTTP endpoint of `imagebump run`: probes, metrics, webhooks'),
  daemon: daemonSchema,
});

export type ConfigInput = z.input<typeof configSchema>;
export type ConfigDocument = z.output<typeof configSchema>;
