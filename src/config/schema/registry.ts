import { z } from 'zod';
import { credentialsSchema } from './secret.js';

/** One entry of `registries:`: how to reach and authenticate to a registry host. */
export const registrySchema = z.strictObject({
  host: z.string().min(1).describe('host[:port] as written in image references, e.g. ghcr.io or docker.io'),
  insecure: z.boolean().optional().describe('Plain HTTP. Loopback hosts fall back to HTTP without it.'),
  credentials: credentialsSchema.optional(),
});

