import { z } from 'zod';
import { credentialsSchema } from './secret.js';

const path = z.string().min(1);

/** One entry of `registries:`: how to reach, authenticate to and pace requests to a registry host. */
export const registrySchema = z
  .strictObject({
    host: z
      .string()
      .regex(/^[^\s/]+$/, 'must be host[:port] as written in image references, without scheme or path')
      .describe('host[:port] as written in image references, e.g. ghcr.io or docker.io'),
    insecure: z.boolean().optional().describe('Plain HTTP. Loopback hosts fall back to HTTP without it.'),
    insecureSkipVerify: z.boolean().optional().describe('HTTPS without verifying the certificate'),
    caFile: path.optional().describe('PEM file of CA certificates to trust for this registry, on top of the system roots'),
    certFile: path.optional().describe('PEM client certificate for mutual TLS (with keyFile)'),
    keyFile: path.optional().describe('PEM private key of certFile'),
    credentials: credentialsSchema.optional().describe('Explicit credentials; they win over credentialHelper and docker config files'),
    credentialHelper: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'must be the helper name: "ecr-login" runs docker-credential-ecr-login')
      .optional()
      .describe('Run docker-credential-<name> from PATH for this registry'),
    concurrency: z.number().int().min(1).max(64).optional().describe('Requests in flight at once (default 4)'),
    requestsPerSecond: z.number().min(0).optional().describe('Sustained request rate, 0 = unlimited (default 10)'),
    burst: z.number().int().min(1).optional().describe('Requests that may start at once before the rate applies (default 20)'),
    timeoutSeconds: z.number().positive().max(600).optional().describe('Deadline per HTTP request (default 15)'),
    retries: z.number().int().min(0).max(10).optional().describe('Retries after 429, 5xx, resets and timeouts (default 2)'),
    pageSize: z.number().int().min(1).max(10_000).optional().describe('Tags asked per tags/list page (default 1000, ECR\'s cap)'),
    maxPages: z.number().int().min(1).max(10_000).optional().describe('Pages read per listing before it is reported truncated (default 50)'),
  })
  .superRefine((entry, ctx) => {
    const problem = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    if (entry.insecure && (entry.insecureSkipVerify || entry.caFile || entry.certFile || entry.keyFile)) {
      const field = entry.insecureSkipVerify ? 'insecureSkipVerify' : entry.caFile ? 'caFile' : entry.certFile ? 'certFile' : 'keyFile';
      problem(field, 'has no effect with insecure: true (plain HTTP has no TLS)');
    }
    if ((entry.certFile === undefined) !== (entry.keyFile === undefined)) {
      problem(entry.certFile === undefined ? 'keyFile' : 'certFile', 'certFile and keyFile go together');
    }
    if (entry.credentials && entry.credentialHelper) problem('credentialHelper', 'set either credentials or credentialHelper, not both');
  });

/** `registries:`, one entry per host. */
export const registriesSchema = z
  .array(registrySchema)
  .default([])
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((entry, i) => {
      const key = entry.host.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'host'], message: `${entry.host} is listed twice` });
      seen.add(key);
    });
  });

/**
 * `dockerConfig:`: Docker config files to read credentials from, in order (a Kubernetes
 * `kubernetes.io/dockerconfigjson` secret mounted as a file works as one). Absent: Docker's own,
 * `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`, if it exists. `[]` reads none.
 */
export const dockerConfigSchema = z
  .union([path, z.array(path)])
  .describe('Docker config.json / .dockerconfigjson files for credentials; default $DOCKER_CONFIG/config.json or ~/.docker/config.json');

export type RegistryEntry = z.output<typeof registrySchema>;
