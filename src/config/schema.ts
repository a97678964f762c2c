import { z } from 'zod';

/** Where a secret comes from: never inline in a config file. */
export const secretSourceSchema = z.union([
  z.strictObject({ env: z.string().min(1) }).describe('Read from this environment variable'),
  z.strictObject({ file: z.string().min(1) }).describe('Read from this file (trailing newline trimmed)'),
]);

const credentialsSchema = z.strictObject({
  username: z.union([z.string().min(1), secretSourceSchema]).optional(),
  password: secretSourceSchema,
});

const registrySchema = z.strictObject({
  host: z.string().min(1).describe('host[:port] as written in image references, e.g. ghcr.io or docker.io'),
  insecure: z.boolean().optional().describe('Plain HTTP. Loopback hosts fall back to HTTP without it.'),
  credentials: credentialsSchema.optional(),
});

const authorSchema = z.strictObject({ name: z.string().min(1), email: z.string().min(1) });

export const configSchema = z.strictObject({
  apiVersion: z.literal('imagebump.dev/v1alpha1').optional(),
  kind: z.literal('Config').optional(),
  repo: z
    .strictObject({
      url: z.string().min(1).describe('Any URL git accepts: path, file://, https://, ssh'),
      branch: z.string().min(1).default('main'),
      credentials: credentialsSchema.optional().describe('For https remotes; username defaults to x-access-token'),
      depth: z.number().int().min(0).default(1).describe('Shallow clone depth; 0 clones all history'),
    })
    .optional(),
  policies: z
    .array(z.string().min(1))
    .default(['.'])
    .describe('Policy files or directories: repo-relative, or absolute local paths'),
  paths: z.array(z.string().min(1)).default(['.']).describe('Repo-relative directories or files to scan'),
  commit: z
    .strictObject({
      author: authorSchema.default({ name: 'imagebump', email: 'imagebump@localhost' }),
      message: z.string().min(1).optional().describe('Template; see the README for placeholders'),
      maxAttempts: z.number().int().min(1).max(20).default(5),
    })
    .default({ author: { name: 'imagebump', email: 'imagebump@localhost' }, maxAttempts: 5 }),
  registries: z.array(registrySchema).default([]),
  schedule: z.string().min(1).default('*/5 * * * *').describe('Cron expression for `imagebump run`'),
  workdir: z.string().min(1).optional().describe('Where clones are made; a temp dir by default'),
});

export type ConfigInput = z.input<typeof configSchema>;
export type ConfigDocument = z.output<typeof configSchema>;
export type SecretSource = z.output<typeof secretSourceSchema>;

const orderSchema = z.string().optional();

export const policySpecSchema = z.strictObject({
  image: z.string().min(1).describe('Image repository without tag or digest'),
  policy: z
    .strictObject({
      semver: z.strictObject({ range: z.string() }).optional(),
      alphabetical: z.strictObject({ order: orderSchema }).optional(),
      numerical: z.strictObject({ order: orderSchema }).optional(),
    })
    .describe('Exactly one of semver, alphabetical, numerical'),
  filterTags: z.strictObject({ pattern: z.string().optional(), extract: z.string().optional() }).optional(),
  exclusionList: z.array(z.string()).optional(),
});

export const POLICY_API_VERSION = 'imagebump.dev/v1alpha1';

export const policyDocumentSchema = z.strictObject({
  apiVersion: z.literal(POLICY_API_VERSION),
  kind: z.literal('ImagePolicy'),
  metadata: z.strictObject({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS-1123 name (lowercase, digits, - and .)'),
    namespace: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label')
      .optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: policySpecSchema,
});

export type PolicyDocument = z.output<typeof policyDocumentSchema>;
