import { z } from 'zod';

const yamlPath = z
  .string()
  .min(1)
  .describe('YAML path: keys joined by ".", [N] for a list item, [key=value] for the item whose key has that value, ["a.b"] for a key with dots');

const helmPathsSchema = z
  .strictObject({
    registry: yamlPath.optional().describe('Registry host, combined with repository'),
    repository: yamlPath.optional().describe('Repository (the whole name when registry is not given)'),
    image: yamlPath.optional().describe('The whole image name in one value; instead of registry + repository'),
    tag: yamlPath.optional(),
    digest: yamlPath.optional(),
  })
  .describe('YAML paths of the values that hold the image; the tag and/or digest are written');

/** One `spec.targets` entry: files where the policy's image lives without markers. */
export const targetSchema = z.strictObject({
  files: z
    .array(z.string().min(1))
    .min(1)
    .describe('Repo-relative globs (picomatch); "!pattern" excludes. Only .yaml, .yml and Kustomization files are read'),
  helm: z
    .union([z.literal('auto'), helmPathsSchema])
    .optional()
    .describe('Helm values: "auto" detects the common layouts, or give the YAML paths'),
  path: yamlPath.optional().describe('One scalar by YAML path, written like a marker on it'),
  part: z.enum(['whole', 'tag', 'name', 'digest']).optional().describe('With path: what the scalar holds (default whole)'),
});

export const targetsSchema = z
  .array(targetSchema)
  .optional()
  .describe('Where the image lives without markers. An entry with only files updates every image reference to spec.image found by structure');
