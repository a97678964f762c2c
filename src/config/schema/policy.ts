import { z } from 'zod';

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
