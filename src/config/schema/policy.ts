import { z } from 'zod';
import { groupKeySchema } from './forge.js';
import { targetsSchema } from './targets.js';

const orderSchema = z.string().optional();

export const policySpecSchema = z.strictObject({
  image: z.string().min(1).describe('Image repository without tag or digest'),
  policy: z
    .strictObject({
      semver: z.strictObject({ range: z.string() }).optional(),
      alphabetical: z.strictObject({ order: orderSchema }).optional(),
      numerical: z.strictObject({ order: orderSchema }).optional(),
      newest: z
        .strictObject({
          maxCandidates: z.number().int().min(1).max(500).optional().describe('Most tags whose build date is fetched per cycle (default 20)'),
        })
        .optional()
        .describe('The latest build by image config `created`'),
    })
    .describe('Exactly one of semver, alphabetical, numerical, newest'),
  filterTags: z.strictObject({ pattern: z.string().optional(), extract: z.string().optional() }).optional(),
  exclusionList: z.array(z.string()).optional(),
  targets: targetsSchema,
  digestReflectionPolicy: z
    .enum(['Never', 'IfNotPresent', 'Always'])
    .optional()
    .describe('Pin the digest of the selected tag (Flux names; default Never)'),
  platforms: z
    .array(z.string())
    .min(1)
    .optional()
    .describe('os/arch[/variant] the selected tag must offer, e.g. linux/amd64, linux/arm64'),
  sourceAnnotations: z
    .boolean()
    .optional()
    .describe('Read org.opencontainers.image.source/revision of the selected image even if nothing else needs its manifest'),
  update: z
    .strictObject({
      write: z.enum(['commit', 'pull-request']).optional().describe("Overrides the config's repo.write for this policy"),
      group: groupKeySchema
        .optional()
        .describe('Pull request group (pullRequest.grouping: group): policies with one key share a PR'),
    })
    .optional()
    .describe('How changes of this policy are written'),
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
